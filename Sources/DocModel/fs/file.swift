/// `dup`. Kernel: `fs/file.c` (`ksys_dup`): a new fd, the lowest free, for the same
/// open file, without `FD_CLOEXEC`.
extension Process {
  public func dup(_ fd: Int32) throws -> Int32 {
    try syscall("dup(\(fd))", result: { "fd \($0)" }) {
      switch files[fd] {
      case .dmabuf(let buffer)?:
        buffer.retain()  // get_file
        return install(.dmabuf(buffer))
      case .syncFile(let fences)?: return install(.syncFile(fences))
      case .drm?: throw NotModelled(what: "dup of a DRM fd (the model closes a DRM file with its fd)")
      case nil: throw Errno.EBADF("dup")
      }
    }
  }
}
