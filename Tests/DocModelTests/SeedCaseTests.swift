import Testing

@testable import DocModel

/// IGT's `vmw_prime@basic-vgem` (tests/vmwgfx/vmw_prime.c, `test_vgem`) across the
/// three vmwgfx behaviours.
@Suite struct SeedCaseTests {
  static let pattern: [UInt32] = [
    0xff00_0000, 0x00ff_0000, 0x0000_ff00, 0x0000_00ff, 0x0000_00ff, 0x0000_ff00, 0x00ff_0000, 0xff00_0000,
    0x00ff_ff00, 0xff00_00ff, 0x00ff_00ff, 0xff00_ff00, 0xff00_00ff, 0x00ff_00ff, 0x00ff_ff00, 0xff00_ff00,
  ]

  /// Runs `test_vgem` up to the comparison through vmwgfx; returns what it read.
  func basicVgem(_ version: KernelVersion) throws -> (Kernel, Process, [UInt32]) {
    let kernel = Kernel(version: version)
    let vgem = kernel.load(.vgem)
    let vmw = kernel.load(.vmwgfx)
    let igt = kernel.spawn("vmw_prime")
    let vgemFD = try igt.drm_open_driver(vgem)
    let vmwFD = try igt.drm_open_driver(vmw)
    let bo = try igt.kmstest_dumb_create(vgemFD, 64, 64, 32)
    let ptr = try igt.kmstest_dumb_map_buffer(vgemFD, bo.handle, bo.size, [.PROT_WRITE])
    for (index, word) in Self.pattern.enumerated() { try ptr.store(word, at: index * 4) }
    try igt.munmap(ptr)
    // The dma-buf's own mmap reads the pattern on every version.
    let forMmap = try igt.prime_handle_to_fd_for_mmap(vgemFD, bo.handle)
    let direct = try igt.mmap(bo.size, [.PROT_READ], forMmap, 0)
    #expect(try (0..<16).map { try direct.load(UInt32.self, at: $0 * 4) } == Self.pattern)
    let dmabuf = try igt.prime_handle_to_fd(vgemFD, bo.handle)
    let handle = try igt.prime_fd_to_handle(vmwFD, dmabuf)
    let mapping = try igt.kmstest_dumb_map_buffer(vmwFD, handle, bo.size, [.PROT_READ])
    return (kernel, igt, try (0..<16).map { try mapping.load(UInt32.self, at: $0 * 4) })
  }

  @Test func vmwgfxUpTo6_8RefusesForeignBuffersWithENOSYSAndKeepsTheReference() throws {
    let error = failure { try basicVgem(.v6_8) }
    #expect(error as? Errno == Errno("ENOSYS", 38, in: "DRM_IOCTL_PRIME_FD_TO_HANDLE", inUserspace: true))
    // `ttm_prime_fd_to_handle` returns -ENOSYS without dma_buf_put: with every fd
    // closed, the buffer is still referenced.
    let kernel = Kernel(version: .v6_8)
    let igt = kernel.spawn("igt")
    let vgemFD = try igt.drm_open_driver(kernel.load(.vgem))
    let vmwFD = try igt.drm_open_driver(kernel.load(.vmwgfx))
    let bo = try igt.kmstest_dumb_create(vgemFD, 64, 64, 32)
    let dmabufFD = try igt.prime_handle_to_fd(vgemFD, bo.handle)
    _ = failure { try igt.prime_fd_to_handle(vmwFD, dmabufFD) }
    for fd in [dmabufFD, vgemFD, vmwFD] { try igt.close(fd) }
    #expect(kernel.outstanding.first?.contains("1 file reference(s)") == true)
  }

  @Test(arguments: [KernelVersion.v6_9, .v6_10])
  func vmwgfx6_9And6_10ImportThroughTheFallbackAndOopsOnTheFirstRead(version: KernelVersion) throws {
    let error = failure { try basicVgem(version) }
    let oops = try #require(error as? Oops)
    #expect(oops.function == "ttm_bo_vm_fault_reserved")
    #expect(oops.lines.first == "BUG: kernel NULL pointer dereference, address: 0000000000000000")
    #expect(oops.lines.contains(" vmw_bo_vm_fault"))
    #expect(oops.lines.contains(" asm_exc_page_fault"))
    let setup = try VgemExport(version: version)
    let vmwFD = try setup.igt.drm_open_driver(setup.kernel.load(.vmwgfx))
    _ = try setup.igt.prime_fd_to_handle(vmwFD, setup.dmabufFD)
    let calls = setup.kernel.trace.since("DRM_IOCTL_PRIME_FD_TO_HANDLE").events.map {
      "\($0.function) = \($0.result ?? "")"
    }
    #expect(
      Array(calls.prefix(3)) == [
        "DRM_IOCTL_PRIME_FD_TO_HANDLE = handle 1", "vmw_prime_fd_to_handle = handle 1",
        "ttm_prime_fd_to_handle = -ENOSYS",
      ])
    #expect(calls.contains("drm_gem_prime_fd_to_handle = handle 1"))
  }

  @Test func afterTheOopsTheProcessIsDeadAndTheKernelTainted() throws {
    let kernel = Kernel(version: .v6_10)
    let vgem = kernel.load(.vgem)
    let vmw = kernel.load(.vmwgfx)
    let igt = kernel.spawn("vmw_prime")
    let vgemFD = try igt.drm_open_driver(vgem)
    let vmwFD = try igt.drm_open_driver(vmw)
    let bo = try igt.kmstest_dumb_create(vgemFD, 64, 64, 32)
    let handle = try igt.prime_fd_to_handle(vmwFD, try igt.prime_handle_to_fd(vgemFD, bo.handle))
    let mapping = try igt.kmstest_dumb_map_buffer(vmwFD, handle, bo.size, [.PROT_READ])
    #expect(failure { try mapping.load(UInt32.self, at: 4096) } is Oops)
    #expect(kernel.dmesg.contains("BUG: kernel NULL pointer dereference, address: 0000000000000008"))
    #expect(!igt.isAlive)
    #expect(kernel.taint.contains("D"))
    #expect(failure { try igt.close(vgemFD) } is ProcessIsDead)
  }

  @Test func vmwgfx6_11ReadsThePatternThroughTheExporter() throws {
    let (kernel, _, words) = try basicVgem(.v6_11)
    #expect(words == Self.pattern)
    let functions = kernel.trace.events.map(\.function)
    let redirect = try #require(functions.lastIndex(of: "vmw_gem_mmap"))
    #expect(functions[redirect...].contains("dma_buf_mmap"))
    #expect(functions.last(where: { $0.hasSuffix("_fault") }) == "drm_gem_shmem_fault")
  }

  @Test func aTTMImporterWithoutExternalMappableGetsSIGBUS() throws {
    let kernel = Kernel()
    let vgem = kernel.load(.vgem)
    let igt = kernel.spawn("igt")
    let fd = try igt.drm_open_driver(vgem)
    let bo = try igt.kmstest_dumb_create(fd, 64, 64, 32)
    let obj = drm_gem_object(dev: vgem, size: bo.size, backing: .shmem([]))
    obj.ttm = TTMState(external: true, externalMappable: false, pages: nil)
    let fault = TTM.vm_reserve(obj)
    guard case .sigbus(let reason)? = fault else {
      Issue.record("expected SIGBUS, got \(String(describing: fault))")
      return
    }
    #expect(reason == "ttm_bo_vm_reserve refuses to fault imported pages")
  }
}

@Suite struct VmwgfxBlitTests {
  func blit(_ version: KernelVersion, _ config: Set<KernelConfig>) throws -> [UInt8] {
    let setup = try VgemExport(version: version, config: config)
    let vmw = setup.kernel.load(.vmwgfx)
    let fd = try setup.igt.drm_open_driver(vmw)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    return try setup.igt.vmw_cpu_blit_to_screen(fd, handle, 4)
  }

  @Test func v6_10BlitsThroughPagesRightOnlyWithoutDebug() throws {
    #expect(try blit(.v6_10, []) == [0x00, 0x10, 0, 0])
    let oops = try #require(failure { try blit(.v6_10, [.dmabufDebug]) } as? Oops)
    #expect(oops.function == "vmw_bo_cpu_blit")
    #expect(oops.lines[0].hasPrefix("Oops: general protection fault, probably for non-canonical address"))
  }

  @Test func v6_11BlitsThroughDmaBufVmapInEveryConfiguration() throws {
    #expect(try blit(.v6_11, [.dmabufDebug]) == [0x00, 0x10, 0, 0])
    #expect(try blit(.v7_0, [.dmabufDebug]) == [0x00, 0x10, 0, 0])
  }
}

/// IGT's `vgem_basic@dmabuf-mmap` (`test_dmabuf_mmap`): map the dma-buf writable,
/// close the fd (the mapping keeps the file), write a word per page, read them back
/// through vgem's own mapping after closing the handle.
@Suite struct VgemBasicTests {
  @Test func dmabufMmapOutlivesItsFdAndItsHandle() throws {
    let kernel = Kernel()
    let vgem = kernel.load(.vgem)
    let igt = kernel.spawn("vgem_basic")
    let fd = try igt.drm_open_driver(vgem)
    let bo = try igt.kmstest_dumb_create(fd, 1024, 1024, 32)
    let export = try igt.prime_handle_to_fd_for_mmap(fd, bo.handle)
    let ptr = try igt.mmap(bo.size, [.PROT_WRITE], export, 0)
    try igt.close(export)
    for page in 0..<(bo.size >> 12) { try ptr.store(UInt32(page), at: page * 4096) }
    try igt.munmap(ptr)
    let readBack = try igt.kmstest_dumb_map_buffer(fd, bo.handle, bo.size, [.PROT_READ])
    try igt.gem_close(fd, bo.handle)
    for page in 0..<(bo.size >> 12) { #expect(try readBack.load(UInt32.self, at: page * 4096) == UInt32(page)) }
    try igt.munmap(readBack)
    try igt.close(fd)
    #expect(kernel.outstanding == [])
  }
}
