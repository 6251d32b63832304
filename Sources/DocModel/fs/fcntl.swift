/// `fcntl(F_GETFD)` and `fcntl(F_GETFL)`. Kernel: `fs/fcntl.c` (`do_fcntl`): the fd's
/// `FD_CLOEXEC`, and the open file's `f_flags`.
extension Process {
  /// `F_GETFD`: `FD_CLOEXEC` when the fd has it (an export with `DRM_CLOEXEC`, a sync
  /// file); `F_GETFL`: a dma-buf's access mode (fixed by its first export), a DRM
  /// file's `O_RDWR | O_LARGEFILE` (`open` forces `O_LARGEFILE` on 64-bit), a sync
  /// file's `O_RDONLY` (`anon_inode_getfile(…, 0)`).
  public func fcntl(_ fd: Int32, _ command: FcntlCommand) throws -> Int32 {
    try syscall("fcntl(\(fd))", result: { "\($0)" }) {
      guard let file = files[fd] else { throw Errno.EBADF("fcntl") }
      switch command {
      case .F_GETFD: return closeOnExec.contains(fd) ? FD_CLOEXEC : 0
      case .F_GETFL: return Self.statusFlags(of: file).rawValue
      }
    }
  }

  /// `file->f_flags`, less what `fcntl` masks.
  static func statusFlags(of file: OpenFile) -> OpenFlags {
    switch file {
    case .dmabuf(let buffer): buffer.writable ? .O_RDWR : []
    case .drm: [.O_RDWR, .O_LARGEFILE]
    case .syncFile: []
    }
  }
}
