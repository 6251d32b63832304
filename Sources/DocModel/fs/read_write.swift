/// `lseek` and `read` of the files the model has. Kernel: `fs/read_write.c`
/// (`vfs_llseek`, `vfs_read`), with each file's own `llseek`.
extension Process {
  /// `lseek`: a dma-buf seeks only to where it starts or ends, with offset 0
  /// (`dma_buf_llseek`, which exists so userspace can learn the size); a DRM file's
  /// `noop_llseek` stays at 0.
  public func lseek(_ fd: Int32, _ offset: Int64, _ whence: Whence) throws -> Int64 {
    try syscall("lseek(\(fd))", result: { "\($0)" }) {
      switch files[fd] {
      case .dmabuf(let buffer)?:
        guard offset == 0 else { throw Errno.EINVAL("dma_buf_llseek") }
        switch whence {
        case .SEEK_END: return Int64(buffer.size)
        case .SEEK_SET: return 0
        case .SEEK_CUR: throw Errno.EINVAL("dma_buf_llseek")
        }
      case .drm?: return 0
      case .syncFile?: throw NotModelled(what: "lseek of a sync file")
      case nil: throw Errno.EBADF("lseek")
      }
    }
  }

  /// `read`: neither a dma-buf nor a sync file can be read (no `read` in their
  /// `file_operations`: `vfs_read` returns `-EINVAL`).
  public func read(_ fd: Int32, _ count: Int) throws -> [UInt8] {
    try syscall("read(\(fd))", result: { "\($0.count) bytes" }) { () throws -> [UInt8] in
      switch files[fd] {
      case .dmabuf?, .syncFile?: throw Errno.EINVAL("vfs_read")
      case .drm?: throw NotModelled(what: "read of a DRM file (its event queue)")
      case nil: throw Errno.EBADF("read")
      }
    }
  }
}
