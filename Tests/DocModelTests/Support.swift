@testable import DocModel

/// A kernel with vgem loaded, a process, and one exported 64×64×32 dumb buffer
/// filled with a known pattern: the common start of IGT's PRIME tests.
struct VgemExport {
  let kernel: Kernel
  let vgem: DrmDevice
  let igt: Process
  let vgemFD: Int32
  let bo: DumbBuffer
  let dmabufFD: Int32

  init(version: KernelVersion = .latest, config: Set<KernelConfig> = []) throws {
    kernel = Kernel(version: version, config: config)
    vgem = kernel.load(.vgem)
    igt = kernel.spawn("igt")
    vgemFD = try igt.drm_open_driver(vgem)
    bo = try igt.kmstest_dumb_create(vgemFD, 64, 64, 32)
    let ptr = try igt.kmstest_dumb_map_buffer(vgemFD, bo.handle, bo.size, [.PROT_WRITE])
    for page in 0..<(bo.size / 4096) { try ptr.store(UInt32(0x1000 + page), at: page * 4096) }
    try igt.munmap(ptr)
    dmabufFD = try igt.prime_handle_to_fd_for_mmap(vgemFD, bo.handle)
  }

  /// The buffer as kernel code sees it, with a reference of its own.
  func dmabuf() throws -> dma_buf { try dma_buf_get(dmabufFD, in: igt) }
}

/// The error a throwing expression ended with.
func failure<T>(_ body: () throws -> T) -> (any Error)? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}
