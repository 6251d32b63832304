/// `close()`. Kernel: `fs/open.c` (`close_fd`); what the last reference of each
/// kind of file does is its `release`.
extension Process {
  /// `close()`. Closing a DRM fd closes all its handles; closing a dma-buf fd drops
  /// one reference to the buffer.
  public func close(_ fd: Int32) throws {
    try syscall("close(\(fd))") {
      closeOnExec.remove(fd)
      switch files.removeValue(forKey: fd) {
      case .drm(let file)?:
        try drm_release(file, in: self)
      case .dmabuf(let buffer)?:
        try buffer.release()
      case .syncFile?:
        break
      case nil:
        throw Errno.EBADF("close")
      }
    }
  }
}
