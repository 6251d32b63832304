import Testing

@testable import DocModel

@Suite struct XenFrontTests {
  /// vgem exports, xen-front imports (building its page array and granting it);
  /// returns what the backend reads at the start of page 1.
  func importAndGrant(_ version: KernelVersion, _ config: Set<KernelConfig>) throws -> [UInt8] {
    let setup = try VgemExport(version: version, config: config)
    let xen = setup.kernel.load(.xenFront)
    let fd = try setup.igt.drm_open_driver(xen)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let driver = try #require(xen.driver as? XenFrontDriver)
    let obj = try #require(try setup.igt.drmFile(fd).handles[handle])
    // Imports cannot be mapped through MODE_MAP_DUMB (`drm_gem_dumb_map_offset`).
    #expect((failure { try setup.igt.drm_mode_map_dumb(fd, handle) } as? Errno)?.name == "EINVAL")
    return try driver.backendRead(obj, setup.kernel, offset: 4096, count: 4)
  }

  @Test func pageArrayImportWorksByAccidentWithoutDebug() throws {
    #expect(try importAndGrant(.v6_10, []) == [0x01, 0x10, 0, 0])
  }

  @Test func underDebugTheFrontendGrantsGarbageSilentlyAndTheBackendsMapFails() throws {
    for version in [KernelVersion.v6_10, .v7_0] {
      let error = failure { try importAndGrant(version, [.dmabufDebug]) }
      let grant = try #require(error as? GrantMapFailure, "\(version)")
      #expect(grant.status == "GNTST_bad_page" && grant.value == -9)
      #expect(grant.description.hasPrefix("[model] backend domain: ") && grant.ref == 1)
    }
    // The guest itself says nothing: the import succeeded, no splat.
    let setup = try VgemExport(version: .v6_10, config: [.dmabufDebug])
    let fd = try setup.igt.drm_open_driver(setup.kernel.load(.xenFront))
    _ = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    #expect(!setup.kernel.dmesg.contains { $0.contains("WARNING") || $0.contains("BUG") })
  }

  @Test func thePagelessCopyLeavesAStaleArrayWhoseFramesAreGrantedSilently() throws {
    let setup = try VgemExport(version: .v7_0, config: [.dmabufDebug])
    let xen = setup.kernel.load(.xenFront)
    let fd = try setup.igt.drm_open_driver(xen)
    // A buffer of xen-front's own, written and freed: its page array goes back to the slab.
    let own = try setup.igt.kmstest_dumb_create(fd, 64, 64, 32)
    let ptr = try setup.igt.kmstest_dumb_map_buffer(fd, own.handle, own.size, [.PROT_WRITE])
    try ptr.store(UInt32(0x5ec2e7), at: 4096)
    try setup.igt.munmap(ptr)
    try setup.igt.gem_close(fd, own.handle)
    // The import's array comes from the same slab and is never written (the copy has no pages).
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    #expect(try setup.igt.xen_backend_read(fd, handle, 4, at: 4096) == [0xe7, 0xc2, 0x5e, 0x00])
  }

  @Test func theImportIsLoggedWithDrmDebugOnly() throws {
    let quiet = try VgemExport()
    _ = try quiet.igt.prime_fd_to_handle(try quiet.igt.drm_open_driver(quiet.kernel.load(.xenFront)), quiet.dmabufFD)
    #expect(!quiet.kernel.dmesg.contains { $0.contains("Imported buffer") })
    let setup = try VgemExport(config: [.drmDebug])
    let fd = try setup.igt.drm_open_driver(setup.kernel.load(.xenFront))
    _ = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    // The kernel prints `sgt->orig_nents`.
    #expect(
      setup.kernel.dmesg.contains("[drm:xen_drm_front_gem_import_sg_table] Imported buffer of size 16384 with nents 2"))
  }
}

@Suite struct DumbBufferTests {
  /// `drm_mode_create_dumb` refuses a zero width, height or bpp before any driver's
  /// `dumb_create` runs; virtio-gpu's own refuses anything but 32 bpp.
  @Test func theCoreRefusesZeroSizesAndVirtioRefusesAllBut32Bpp() throws {
    let kernel = Kernel()
    let igt = kernel.spawn("igt")
    for driver in [DriverKind.vgem, .virtioGPU, .qxl] {
      let fd = try igt.drm_open_driver(kernel.load(driver))
      for (width, height, bpp) in [(0, 64, 32), (64, 0, 32), (64, 64, 0)] {
        let error = failure { try igt.kmstest_dumb_create(fd, width, height, bpp) } as? Errno
        #expect(error?.name == "EINVAL", "\(driver) \(width)×\(height)×\(bpp)")
      }
    }
    #expect(!kernel.trace.events.contains { $0.function == "dumb_create" })
    let virtio = try igt.drm_open_driver(kernel.load(.virtioGPU))
    #expect((failure { try igt.kmstest_dumb_create(virtio, 64, 64, 16) } as? Errno)?.name == "EINVAL")
    #expect(try igt.kmstest_dumb_create(virtio, 64, 64, 32).stride == 256)
  }
}

@Suite struct ShmemImportTests {
  /// `DRM_GEM_SHMEM_DRIVER_OPS` until v6.16: the core maps the import for
  /// `drm_gem_shmem_prime_import_sg_table`. From e7a1cbca0b42 (v6.17):
  /// `drm_gem_shmem_prime_import_no_map` attaches and maps nothing. Either way the
  /// import is one handle, and a mapping of it reads the exporter's pages.
  @Test func cirrusMapsAnImportUntil6_16AndOnlyAttachesFrom6_17() throws {
    for (version, maps) in [(KernelVersion.v6_15, true), (.v6_17, false), (.v7_0, false)] {
      let setup = try VgemExport(version: version)
      let fd = try setup.igt.drm_open_driver(setup.kernel.load(.cirrus))
      let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
      #expect(try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD) == handle, "\(version)")
      let functions = setup.kernel.trace.events.map(\.function)
      #expect(functions.contains { $0.hasPrefix("dma_buf_map_attachment") } == maps, "\(version)")
      #expect(functions.contains("gem_prime_import_sg_table") == maps, "\(version)")
      #expect(functions.contains("drm_gem_shmem_prime_import_no_map") == !maps, "\(version)")
      #expect(try setup.dmabuf().attachments.count == 1, "\(version)")
    }
  }
}

@Suite struct VirtioGPUTests {
  @Test func before6_14ForeignImportsFailWithENODEVAfterAFullCycle() throws {
    let setup = try VgemExport(version: .v6_13)
    let virtio = setup.kernel.load(.virtioGPU)
    let fd = try setup.igt.drm_open_driver(virtio)
    #expect(
      failure { try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD) } as? Errno
        == Errno("ENODEV", 19, in: "DRM_IOCTL_PRIME_FD_TO_HANDLE", inUserspace: true))
    let functions = setup.kernel.trace.events.map(\.function)
    for step in ["dma_buf_dynamic_attach", "dma_buf_map_attachment", "dma_buf_unmap_attachment", "dma_buf_detach"] {
      #expect(functions.contains(step), "\(step)")
    }
    #expect(try setup.dmabuf().attachments.isEmpty)
  }

  @Test func from6_14TheImportNeedsResourceBlobAndNoVirgl() throws {
    for version in [KernelVersion.v6_14, .v7_0] {
      for features in [Set<VirtioGPUFeature>(), [.virgl3D], [.resourceBlob, .virgl3D]] {
        let setup = try VgemExport(version: version)
        let fd = try setup.igt.drm_open_driver(setup.kernel.load(.virtioGPU(nil, features: features)))
        #expect(
          (failure { try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD) } as? Errno)?.name == "ENODEV",
          "\(version) \(features)")
        #expect(
          setup.kernel.trace.events.contains { $0.function == "gem_prime_import_sg_table" && $0.result == "-ENODEV" })
      }
    }
  }

  @Test func from6_14TheHostGetsDMAAddressesAndReadsTheBuffer() throws {
    let setup = try VgemExport(version: .v6_14, config: [.strictImporterRules, .lockdep])
    let virtio = setup.kernel.load(.virtioGPU(nil, features: [.resourceBlob]))
    let fd = try setup.igt.drm_open_driver(virtio)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let driver = try #require(virtio.driver as? VirtioGPUDriver)
    let obj = try #require(try setup.igt.drmFile(fd).handles[handle])
    #expect(try driver.hostRead(obj, setup.kernel, offset: 3 * 4096, count: 4) == [0x03, 0x10, 0, 0])
    let attach = try #require(obj.import_attach)
    // v6.14 < v6.15: a dynamic importer of a static exporter gets its mapping made and cached at attach.
    #expect(attach.isDynamic && attach.pinCount == 0 && attach.sgt != nil && attach.mappings.isEmpty)
    #expect(!setup.kernel.dmesg.contains { $0.hasPrefix("WARNING") })
    // Userspace mappings go to the exporter.
    let mapping = try setup.igt.mmap(setup.bo.size, [.PROT_READ], fd, try setup.igt.drm_mode_map_dumb(fd, handle))
    #expect(try mapping.load(UInt32.self, at: 0) == 0x1000)
  }
}

/// A scenario's own importer, judged by the model.
@Suite struct CustomImporterTests {
  final class Importer: ImporterDriver {
    let name = "myimporter"
    let plan: (ImportedBuffer) throws -> ImporterMmap
    init(_ plan: @escaping (ImportedBuffer) throws -> ImporterMmap) { self.plan = plan }

    func gem_prime_import_sg_table(_ buffer: ImportedBuffer) throws {
      _ = try drm_prime_sg_to_dma_addr_array(buffer.sgt, &buffer.dmaAddresses, buffer.dmabuf.size / 4096)
    }

    func mmap(_ buffer: ImportedBuffer) throws -> ImporterMmap { try plan(buffer) }
  }

  func read(with importer: Importer, version: KernelVersion = .latest, config: Set<KernelConfig> = []) throws -> UInt32
  {
    let setup = try VgemExport(version: version, config: config)
    let device = setup.kernel.load(.importer(importer))
    let fd = try setup.igt.drm_open_driver(device)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let mapping = try setup.igt.kmstest_dumb_map_buffer(fd, handle, setup.bo.size, [.PROT_READ])
    return try mapping.load(UInt32.self, at: 4096)
  }

  @Test func redirectingToTheExporterWorks() throws {
    #expect(
      try read(with: Importer { _ in .redirectToExporter }, config: [.dmabufDebug, .strictImporterRules]) == 0x1001)
  }

  @Test func faultingThroughTTMIsRefusedWithSIGBUS() throws {
    let signal = try #require(failure { try read(with: Importer { _ in .ttm(externalMappable: false) }) } as? Signal)
    #expect(signal.name == "SIGBUS")
  }

  @Test func externalMappableTTMOopsesAsVmwgfx6_10Did() throws {
    let oops = try #require(failure { try read(with: Importer { _ in .ttm(externalMappable: true) }) } as? Oops)
    #expect(oops.function == "ttm_bo_vm_fault_reserved")
    #expect(oops.lines[0] == "BUG: kernel NULL pointer dereference, address: 0000000000000008")
  }

  @Test func insertingDebugMangledPagesOopses() throws {
    let walker = Importer { buffer in
      var pages: [PagePointer] = []
      _ = try drm_prime_sg_to_page_array(buffer.sgt, &pages, buffer.dmabuf.size / 4096)
      return .insertPages(pages)
    }
    let oops = try #require(failure { try read(with: walker, version: .v6_10, config: [.dmabufDebug]) } as? Oops)
    #expect(oops.function == "validate_page_before_insert")
    // With the page-less copy the walk yields no page at all: the fault finds nothing.
    #expect((failure { try read(with: walker, version: .v7_0, config: [.dmabufDebug]) } as? Signal)?.name == "SIGBUS")
  }

  @Test func insertingPagesIsCaughtByTheStrictChecker() throws {
    let walker = Importer { buffer in
      var pages: [PagePointer] = []
      _ = try drm_prime_sg_to_page_array(buffer.sgt, &pages, buffer.dmabuf.size / 4096)
      return .insertPages(pages)
    }
    #expect(try read(with: walker) == 0x1001)
    // The checker names the rule; the kernel's behaviour (it works) is unchanged.
    let importer = Importer { buffer in
      var pages: [PagePointer] = []
      _ = try drm_prime_sg_to_page_array(buffer.sgt, &pages, buffer.dmabuf.size / 4096)
      #expect(buffer.kernel.violations.map(\.rule) == ["never touch the page side of an imported sg_table"])
      return .insertPages(pages)
    }
    #expect(try read(with: importer, config: [.strictImporterRules]) == 0x1001)
  }
}

@Suite struct CustomImporterVmapTests {
  final class Importer: ImporterDriver {
    let name = "myimporter"
    let usePages: Bool
    init(usePages: Bool) { self.usePages = usePages }

    func gem_prime_import_sg_table(_ buffer: ImportedBuffer) throws {
      if usePages { _ = try drm_prime_sg_to_page_array(buffer.sgt, &buffer.pages, buffer.dmabuf.size / 4096) }
    }
    func mmap(_ buffer: ImportedBuffer) throws -> ImporterMmap { .redirectToExporter }
    func vmap(_ buffer: ImportedBuffer) throws -> ImporterVmap { usePages ? .vmapPages(buffer.pages) : .dmaBufVmap }
  }

  func read(usePages: Bool, version: KernelVersion, config: Set<KernelConfig>) throws -> [UInt8] {
    let setup = try VgemExport(version: version, config: config)
    let fd = try setup.igt.drm_open_driver(setup.kernel.load(.importer(Importer(usePages: usePages))))
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let bytes = try setup.igt.importer_cpu_read(fd, handle, 4)
    #expect(try setup.dmabuf().vmapping_counter == 0)
    return bytes
  }

  @Test func dmaBufVmapReadsRightUnderEveryDebugEra() throws {
    for version in [KernelVersion.v6_10, .v7_0] {
      #expect(try read(usePages: false, version: version, config: [.dmabufDebug]) == [0x00, 0x10, 0, 0])
    }
  }

  @Test func vmapOfPagesOnlyWorksWithoutDebug() throws {
    #expect(try read(usePages: true, version: .v6_10, config: []) == [0x00, 0x10, 0, 0])
    #expect(failure { try read(usePages: true, version: .v6_10, config: [.dmabufDebug]) } is Oops)
  }
}
