/// IGT's helpers that compose the DRM ioctls (`lib/ioctl_wrappers.c`,
/// `lib/igt_kms.c`): each one a call or two a test would otherwise spell out.
extension Process {
  /// `prime_handle_to_fd()`: `PRIME_HANDLE_TO_FD` with `DRM_CLOEXEC`.
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: .DRM_CLOEXEC)
  }

  /// `prime_handle_to_fd_for_mmap()`: with `DRM_CLOEXEC | DRM_RDWR`, so the file
  /// can be mapped writable.
  public func prime_handle_to_fd_for_mmap(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: [.DRM_CLOEXEC, .DRM_RDWR])
  }

  /// `kmstest_dumb_map_buffer()`: `MODE_MAP_DUMB`, then `mmap` of the DRM fd.
  public func kmstest_dumb_map_buffer(_ fd: Int32, _ handle: UInt32, _ size: Int, _ prot: MmapProt) throws
    -> UserMapping
  {
    let offset = try drm_mode_map_dumb(fd, handle)
    return try mmap(size, prot, fd, offset)
  }

  /// `kmstest_dumb_destroy()`: `DRM_IOCTL_MODE_DESTROY_DUMB`, a GEM close.
  public func kmstest_dumb_destroy(_ fd: Int32, _ handle: UInt32) throws { try gem_close(fd, handle) }

  /// IGT's `prime_sync_start()`: `DMA_BUF_SYNC_START` with READ, or RW to write.
  public func prime_sync_start(_ fd: Int32, _ write: Bool) throws {
    try dma_buf_sync(fd, [.DMA_BUF_SYNC_START, write ? .DMA_BUF_SYNC_RW : .DMA_BUF_SYNC_READ])
  }

  /// IGT's `prime_sync_end()`.
  public func prime_sync_end(_ fd: Int32, _ write: Bool) throws {
    try dma_buf_sync(fd, [.DMA_BUF_SYNC_END, write ? .DMA_BUF_SYNC_RW : .DMA_BUF_SYNC_READ])
  }
}
