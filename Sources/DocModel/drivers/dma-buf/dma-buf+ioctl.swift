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
      guard !flags.isEmpty, flags.isSubset(of: .DMA_BUF_SYNC_RW) else { throw Errno.EINVAL("dma_buf_export_sync_file") }
      let fences = buffer.resv.all(upTo: .rw(write: flags.contains(.DMA_BUF_SYNC_WRITE)))
      // No fence: a signalled stub (`dma_fence_get_stub`).
      let stub = dma_fence(context: 0, seqno: 0, driver: "stub")
      stub.signal()
      return install(.syncFile(fences.isEmpty ? [stub] : fences))
    }
  }

  /// `DMA_BUF_IOCTL_IMPORT_SYNC_FILE`: adds a sync_file's fences to the buffer, as
  /// writes with `WRITE` in the flags, else as reads. `-EINVAL` for a fd that is
  /// not a sync_file.
  public func dma_buf_import_sync_file(_ fd: Int32, _ flags: DmaBufSyncFlags, _ syncFD: Int32) throws {
    try syscall("DMA_BUF_IOCTL_IMPORT_SYNC_FILE") {
      let buffer = try dmabufFile(fd)
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
