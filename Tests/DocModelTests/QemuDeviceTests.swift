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

  /// Until v6.16 (from v6.17 cirrus only attaches: `ShmemImportTests`).
  @Test func cirrusImportsByTableAndRefusesMapDumbOfTheImport() throws {
    let setup = try VgemExport(version: .v6_15)
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

  /// A qxl export is still `drm_gem_prime_dmabuf_ops`: imported into another qxl
  /// file it comes back as the same object (`drm_gem_prime_import_dev`), no ENOSYS.
  @Test func aQxlExportImportsIntoQxlItself() throws {
    let kernel = Kernel()
    let igt = kernel.spawn("t")
    let qxl = kernel.load(.qxl)
    let a = try igt.drm_open_driver(qxl)
    let bo = try igt.kmstest_dumb_create(a, 64, 64, 32)
    let exported = try igt.prime_handle_to_fd(a, bo.handle)
    #expect(try igt.prime_fd_to_handle(try igt.drm_open_driver(qxl), exported) == 1)
    #expect(!kernel.trace.since("DRM_IOCTL_PRIME_FD_TO_HANDLE").events.map(\.function).contains("map_dma_buf"))
  }

  /// Attaching while holding the reservation lock hangs either way, but where: before
  /// 21aa27ddc582 (v6.5) the shmem pin took only `pages_lock`, so the task blocks in
  /// `dma_buf_dynamic_attach`'s own `dma_resv_lock` (uninterruptible: the hung-task
  /// detector reports it); from v6.5 to v6.9 in the pin's `dma_resv_lock_interruptible`
  /// (silent).
  @Test func whereAnAttachUnderTheLockWaitsDependsOnTheShmemPin() throws {
    for (version, reported) in [(KernelVersion.v6_2, true), (.v6_5, false)] {
      let setup = try VgemExport(version: version)
      let buffer = try dma_buf_get(setup.dmabufFD, in: setup.igt)
      try dma_resv_lock(buffer.resv)
      #expect(failure { try dma_buf_attach(buffer, setup.vgem.device) } is Hang)
      #expect(setup.kernel.dmesg.contains { $0.contains("blocked for more than") } == reported, "\(version)")
    }
  }

  /// `do_mmap` refuses a writable shared mapping of any file opened without write
  /// access, before it asks for the file's mmap: a sync file gets EACCES, not ENODEV.
  @Test func aWritableSharedMappingOfASyncFileIsEACCES() throws {
    let setup = try VgemExport()
    let sync = try setup.igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_READ)
    #expect(errno { try setup.igt.mmap(4096, [.PROT_READ, .PROT_WRITE], sync, 0) } == "EACCES")
    #expect(errno { try setup.igt.mmap(4096, [.PROT_READ], sync, 0) } == "ENODEV")
  }

  /// `amdgpu_gem_prime_export` goes through `drm_gem_prime_export`: exp_name is drm.
  @Test func anAmdgpuExportIsNamedDrm() throws {
    let kernel = Kernel()
    let igt = kernel.spawn("t")
    let fd = try igt.drm_open_driver(kernel.load(.amdgpu))
    let bo = try igt.kmstest_dumb_create(fd, 64, 64, 32)
    #expect(try igt.dma_buf_fdinfo(try igt.prime_handle_to_fd(fd, bo.handle)).exp_name == "drm")
  }
}
