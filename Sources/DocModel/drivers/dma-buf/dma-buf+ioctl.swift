extension Process {
  /// `DMA_BUF_IOCTL_SYNC`: bits outside `RW | END` or no `RW` bit → `-EINVAL`;
  /// `END` calls `dma_buf_end_cpu_access`, otherwise `dma_buf_begin_cpu_access`
  /// (which waits for the implicit fences). Kernel: `drivers/dma-buf/dma-buf.c`,
  /// `dma_buf_ioctl`.
  public func dma_buf_sync(_ fd: Int32, _ flags: DmaBufSyncFlags) throws {
    try syscall("DMA_BUF_IOCTL_SYNC") {
      let buffer = try dmabufFile(fd)
      guard
        flags.rawValue & ~(DmaBufSyncFlags.DMA_BUF_SYNC_RW.rawValue | DmaBufSyncFlags.DMA_BUF_SYNC_END.rawValue) == 0
      else {
        throw Errno.EINVAL("dma_buf_ioctl")
      }
      let dir: dma_data_direction
      switch flags.intersection(.DMA_BUF_SYNC_RW) {
      case .DMA_BUF_SYNC_READ: dir = .DMA_FROM_DEVICE
      case .DMA_BUF_SYNC_WRITE: dir = .DMA_TO_DEVICE
      case .DMA_BUF_SYNC_RW: dir = .DMA_BIDIRECTIONAL
      default: throw Errno.EINVAL("dma_buf_ioctl")
      }
      if flags.contains(.DMA_BUF_SYNC_END) {
        try dma_buf_end_cpu_access(buffer, dir)
      } else {
        try dma_buf_begin_cpu_access(buffer, dir)
      }
    }
  }

  /// `poll()` on a dma-buf or sync_file fd. A dma-buf is readable (`EPOLLIN`) when
  /// no write fence is pending and writable (`EPOLLOUT`) when no fence at READ usage
  /// or below is; a sync_file is readable when all its fences signalled. Waits up
  /// to `timeout` milliseconds of virtual time (timers fire meanwhile).
  public func poll(_ fd: Int32, _ events: PollEvents, timeout: Int = 0) throws -> PollEvents {
    try syscall("poll(fd \(fd))", result: { $0.description }) {
      let deadline = kernel.now + UInt64(max(0, timeout)) * 1_000_000
      while true {
        let ready = try readiness(fd).intersection(events)
        if !ready.isEmpty || kernel.now >= deadline { return ready }
        guard kernel.runNextTimer(before: deadline) else {
          kernel.advance(by: deadline - kernel.now)
          return try readiness(fd).intersection(events)
        }
      }
    }
  }

  private func readiness(_ fd: Int32) throws -> PollEvents {
    switch files[fd] {
    case .dmabuf(let buffer)?:
      var ready: PollEvents = []
      if buffer.resv.unsignaled(upTo: .DMA_RESV_USAGE_WRITE).isEmpty { ready.insert(.EPOLLIN) }
      if buffer.resv.unsignaled(upTo: .DMA_RESV_USAGE_READ).isEmpty { ready.insert(.EPOLLOUT) }
      return ready
    case .syncFile(let fences)?:
      return fences.allSatisfy(\.signaled) ? .EPOLLIN : []
    case .drm?: return []
    case nil: throw Errno.EBADF("poll")
    }
  }

  /// `DMA_BUF_IOCTL_EXPORT_SYNC_FILE`: a sync_file fd holding the fences a reader
  /// (`READ`: the writers) or a writer (`WRITE`/`RW`: everyone) would wait for now.
  /// Flags must be a non-empty subset of RW.
  public func dma_buf_export_sync_file(_ fd: Int32, _ flags: DmaBufSyncFlags) throws -> Int32 {
    try syscall("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", result: { "fd \($0)" }) {
      let buffer = try dmabufFile(fd)
      // `struct dma_buf_export_sync_file.flags` is a __u32: higher bits never arrive.
      let flags = DmaBufSyncFlags(rawValue: flags.rawValue & 0xffff_ffff)
      guard !flags.isEmpty, flags.isSubset(of: .DMA_BUF_SYNC_RW) else { throw Errno.EINVAL("dma_buf_export_sync_file") }
      // `dma_resv_get_singleton` → `dma_resv_get_fences` (drivers/dma-buf/dma-resv.c),
      // whose iterator skips fences already signalled (`dma_resv_iter_walk_unlocked`).
      let fences = buffer.resv.unsignaled(upTo: .rw(write: flags.contains(.DMA_BUF_SYNC_WRITE)))
      // No fence: a signalled stub (`dma_fence_get_stub`).
      let stub = dma_fence(context: 0, seqno: 0, driver: "stub")
      stub.signal()
      return install(.syncFile(fences.isEmpty ? [stub] : fences), cloexec: true)  // get_unused_fd_flags(O_CLOEXEC)
    }
  }

  /// `DMA_BUF_IOCTL_IMPORT_SYNC_FILE`: adds a sync_file's fences to the buffer, as
  /// writes with `WRITE` in the flags, else as reads. `-EINVAL` for a fd that is
  /// not a sync_file.
  public func dma_buf_import_sync_file(_ fd: Int32, _ flags: DmaBufSyncFlags, _ syncFD: Int32) throws {
    try syscall("DMA_BUF_IOCTL_IMPORT_SYNC_FILE") {
      let buffer = try dmabufFile(fd)
      let flags = DmaBufSyncFlags(rawValue: flags.rawValue & 0xffff_ffff)  // a __u32, as for export
      guard !flags.isEmpty, flags.isSubset(of: .DMA_BUF_SYNC_RW) else { throw Errno.EINVAL("dma_buf_import_sync_file") }
      guard case .syncFile(let fences)? = files[syncFD] else { throw Errno.EINVAL("sync_file_get_fence") }
      let usage: dma_resv_usage = flags.contains(.DMA_BUF_SYNC_WRITE) ? .DMA_RESV_USAGE_WRITE : .DMA_RESV_USAGE_READ
      for fence in fences { buffer.resv.add(fence, usage: usage) }
    }
  }

  /// The dma-buf behind an fd, for its own ioctls: `-ENOTTY` for another file.
  func dmabufFile(_ fd: Int32) throws -> dma_buf {
    switch files[fd] {
    case .dmabuf(let buffer)?: return buffer
    case nil: throw Errno.EBADF("ioctl")
    default: throw Errno.ENOTTY("ioctl")
    }
  }
}

extension Process {
  /// `SYNC_IOC_FILE_INFO`: a sync file's status (1 when every fence signalled, 0 while
  /// one is pending) and how many fences it holds. Kernel: `drivers/dma-buf/sync_file.c`,
  /// `sync_file_ioctl_fence_info`. A dma-buf has no such ioctl: `-ENOTTY`.
  public func sync_file_info(_ fd: Int32) throws -> SyncFileInfo {
    try syscall("SYNC_IOC_FILE_INFO") {
      switch files[fd] {
      case .syncFile(let fences)?:
        return SyncFileInfo(status: fences.allSatisfy(\.signaled) ? 1 : 0, num_fences: UInt32(fences.count))
      case .dmabuf?: throw Errno.ENOTTY("dma_buf_ioctl")
      case .drm?: throw NotModelled(what: "SYNC_IOC_FILE_INFO on a DRM fd")
      case nil: throw Errno.EBADF("ioctl")
      }
    }
  }

  /// `DMA_BUF_SET_NAME`: names the buffer for its fdinfo; a name of 32 bytes or more
  /// (with its NUL, more than `DMA_BUF_NAME_LEN`) is `-EINVAL` from `strndup_user`.
  /// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_set_name`.
  public func dma_buf_set_name(_ fd: Int32, _ name: String) throws {
    try syscall("DMA_BUF_IOCTL_SET_NAME") {
      let buffer = try dmabufFile(fd)
      guard name.utf8.count < 32 else { throw Errno.EINVAL("strndup_user") }
      buffer.name = name
    }
  }

  /// The dma-buf's lines of `/proc/self/fdinfo/FD`: the generic `flags` (`seq_show`
  /// in fs/proc/fd.c, which adds `O_CLOEXEC` for an fd that has it), then
  /// `dma_buf_show_fdinfo` (drivers/dma-buf/dma-buf.c).
  public func dma_buf_fdinfo(_ fd: Int32) throws -> DmaBufFdinfo {
    guard case .dmabuf(let buffer)? = files[fd] else { throw Errno.EBADF("seq_show").seen(by: "fdinfo(\(fd))") }
    let flags = Self.statusFlags(of: .dmabuf(buffer)).union(closeOnExec.contains(fd) ? .O_CLOEXEC : [])
    return DmaBufFdinfo(
      flags: flags, size: buffer.size, count: buffer.file_count, exp_name: buffer.exp_name, name: buffer.name)
  }
}
