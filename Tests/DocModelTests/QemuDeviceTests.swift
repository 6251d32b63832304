import Testing

@testable import DocModel

/// The devices QEMU offers beside vgem and virtio-gpu, as the real 6.1 showed them
/// (shared/domain/real-kernel-6.1.md §5 g) and as their sources say they change.
@Suite struct QemuDeviceTests {
  func errno(_ body: () throws -> some Any) -> String? { (failure(body) as? Errno)?.name }

  @Test func qxlRefusesImportsAfterTheCoreMappedTheBuffer() throws {
    let setup = try VgemExport()
    let qxl = try setup.igt.drm_open_driver(setup.kernel.load(.qxl))
    let before = setup.kernel.outstanding
    #expect(errno { try setup.igt.prime_fd_to_handle(qxl, setup.dmabufFD) } == "ENOSYS")
    let calls = setup.kernel.trace.since("DRM_IOCTL_PRIME_FD_TO_HANDLE").events.map(\.function)
    #expect(calls.contains("map_dma_buf") && calls.contains("dma_buf_detach"))
    #expect(setup.kernel.outstanding == before)  // the failed import left nothing behind
  }

  @Test func aQxlExportMapsOnlyFromV6_6AndNoDeviceCanMapIt() throws {
    for (version, mmap) in [(KernelVersion.v6_2, "ENOSYS"), (.v6_6, nil)] {
      let kernel = Kernel(version: version)
      let igt = kernel.spawn("t")
      let qxl = try igt.drm_open_driver(kernel.load(.qxl))
      let bo = try igt.kmstest_dumb_create(qxl, 64, 64, 32)
      #expect(bo.stride == 256 && bo.size == 16384)
      let exported = try igt.prime_handle_to_fd_for_mmap(qxl, bo.handle)
      #expect(errno { try igt.mmap(bo.size, [.PROT_READ], exported, 0) } == mmap, "\(version)")
      let vgem = try igt.drm_open_driver(kernel.load(.vgem))
      #expect(errno { try igt.prime_fd_to_handle(vgem, exported) } == "ENOSYS")
    }
  }

  @Test func cirrusImportsByTableAndRefusesMapDumbOfTheImport() throws {
    let setup = try VgemExport()
    let cirrus = try setup.igt.drm_open_driver(setup.kernel.load(.cirrus))
    let handle = try setup.igt.prime_fd_to_handle(cirrus, setup.dmabufFD)
    let calls = setup.kernel.trace.since("DRM_IOCTL_PRIME_FD_TO_HANDLE").events.map(\.function)
    #expect(calls.contains("gem_prime_import_sg_table"))
    #expect(try setup.igt.prime_fd_to_handle(cirrus, setup.dmabufFD) == handle)
    #expect(errno { try setup.igt.drm_mode_map_dumb(cirrus, handle) } == "EINVAL")
  }

  /// v6.1, the release the real-kernel check boots: the core imports a static
  /// exporter's buffer without the reservation lock (before ae2e7f28a170), and kernel
  /// code a scenario calls under the convention is not modelled there.
  @Test func atV6_1TheCoreMapsWithoutTheLockAndTheConventionIsNotModelled() throws {
    let setup = try VgemExport(version: .v6_1)
    let cirrus = try setup.igt.drm_open_driver(setup.kernel.load(.cirrus))
    _ = try setup.igt.prime_fd_to_handle(cirrus, setup.dmabufFD)
    let calls = setup.kernel.trace.since("DRM_IOCTL_PRIME_FD_TO_HANDLE").events.map(\.function)
    #expect(calls.contains("dma_buf_map_attachment") && !calls.contains("dma_resv_lock"))
    let buffer = try dma_buf_get(setup.dmabufFD, in: setup.igt)
    let attach = try dma_buf_attach(buffer, setup.vgem.device)
    #expect(failure { try dma_buf_map_attachment_unlocked(attach, .DMA_BIDIRECTIONAL) } is NotModelled)
  }
}
