/// The calls IGT's helpers (`lib/ioctl_wrappers.c`, `lib/igt_kms.c`) compose, as both
/// backends' processes make them; the helpers themselves are written once, here.
public protocol IGTProcess: AnyObject {
  associatedtype Mapping
  func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32, flags: PrimeFlags) throws -> Int32
  func drm_mode_map_dumb(_ fd: Int32, _ handle: UInt32) throws -> UInt64
  func mmap(_ length: Int, _ prot: MmapProt, _ fd: Int32, _ offset: UInt64, _ flags: MapFlags) throws -> Mapping
  func gem_close(_ fd: Int32, _ handle: UInt32) throws
  func dma_buf_sync(_ fd: Int32, _ flags: DmaBufSyncFlags) throws
}

extension IGTProcess {
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
  public func kmstest_dumb_map_buffer(_ fd: Int32, _ handle: UInt32, _ size: Int, _ prot: MmapProt) throws -> Mapping {
    try mmap(size, prot, fd, try drm_mode_map_dumb(fd, handle), .MAP_SHARED)
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

/// A userspace mapping's byte access, as both backends give it; integer loads and
/// stores are written once, here.
public protocol ByteMapping: AnyObject {
  func read(_ count: Int, at offset: Int) throws -> [UInt8]
  func write(_ bytes: [UInt8], at offset: Int) throws
}

extension ByteMapping {
  /// Loads a little-endian integer at byte `offset`, as `ptr[i]` does.
  public func load<T: FixedWidthInteger>(_ type: T.Type = UInt32.self, at offset: Int) throws -> T {
    try read(MemoryLayout<T>.size, at: offset).reversed().reduce(T.zero) { ($0 << 8) | T(truncatingIfNeeded: $1) }
  }

  /// Stores a little-endian integer at byte `offset`.
  public func store<T: FixedWidthInteger>(_ value: T, at offset: Int) throws {
    try write((0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, at: offset)
  }
}
