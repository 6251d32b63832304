/// IGT's helpers that compose the calls above, as the model has them.
extension Process {
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: .DRM_CLOEXEC)
  }

  public func prime_handle_to_fd_for_mmap(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: [.DRM_CLOEXEC, .DRM_RDWR])
  }

  public func kmstest_dumb_map_buffer(_ fd: Int32, _ handle: UInt32, _ size: Int, _ prot: MmapProt) throws
    -> UserMapping
  {
    try mmap(size, prot, fd, try drm_mode_map_dumb(fd, handle))
  }

  public func kmstest_dumb_destroy(_ fd: Int32, _ handle: UInt32) throws { try gem_close(fd, handle) }

  public func prime_sync_start(_ fd: Int32, _ write: Bool) throws {
    try dma_buf_sync(fd, [.DMA_BUF_SYNC_START, write ? .DMA_BUF_SYNC_RW : .DMA_BUF_SYNC_READ])
  }

  public func prime_sync_end(_ fd: Int32, _ write: Bool) throws {
    try dma_buf_sync(fd, [.DMA_BUF_SYNC_END, write ? .DMA_BUF_SYNC_RW : .DMA_BUF_SYNC_READ])
  }
}
