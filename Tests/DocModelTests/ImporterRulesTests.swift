import Testing

@testable import DocModel

/// The importer rules of the fact sheet: each violation gives the kernel's outcome,
/// and the correct recipe works.
@Suite struct ImporterRulesTests {
  /// A static import as `drm_gem_prime_import_dev` does it, by a device without an
  /// IOMMU: attach, map, and the table.
  func importer(_ setup: VgemExport, iommu: Bool = false) throws -> (dma_buf, dma_buf_attachment, sg_table) {
    let dmabuf = try setup.dmabuf()
    let attach = try dma_buf_attach(dmabuf, Device(name: "importer", hasIOMMU: iommu))
    let sgt = try dma_buf_map_attachment_unlocked(attach, .DMA_BIDIRECTIONAL)
    return (dmabuf, attach, sgt)
  }

  /// The first word of each page, read through `struct page *`s as a page-walking
  /// importer (xen-front, vmwgfx v6.10's blit) reads them.
  func readThroughPages(_ kernel: Kernel, _ pages: [PagePointer]) throws -> [UInt32] {
    try pages.map { try kernel.load(UInt32.self, kernelAddress: kernel.kmap_local_page($0)) }
  }

  @Test func pageWalkOfAShmemExporterWorksByAccidentWithoutDebug() throws {
    let setup = try VgemExport()
    let (_, _, sgt) = try importer(setup)
    var pages: [PagePointer] = []
    #expect(try drm_prime_sg_to_page_array(sgt, &pages, 4) == 0)
    #expect(try readThroughPages(setup.kernel, pages) == [0x1000, 0x1001, 0x1002, 0x1003])
  }

  @Test func pageWalkUnderXORManglingFaultsOnAGarbageAddress() throws {
    let setup = try VgemExport(version: .v6_10, config: [.dmabufDebug])
    let (_, _, sgt) = try importer(setup)
    var pages: [PagePointer] = []
    #expect(try drm_prime_sg_to_page_array(sgt, &pages, 4) == 0)
    // The links are the real ones with bits 8..63 inverted: a low, user-range value.
    #expect(try pages[0].address == (sg_page(sgt, 0).address))
    #expect(pages[0].address < 0x0000_8000_0000_0000)
    // kmap of such a pointer computes a non-canonical address: a general protection fault.
    let oops = try #require(failure { try readThroughPages(setup.kernel, pages) } as? Oops)
    #expect(oops.lines[0].hasPrefix("Oops: general protection fault, probably for non-canonical address 0x"))
    // Nothing was printed when the table was mangled.
    #expect(!setup.kernel.dmesg.contains { $0.contains("mangle") })
  }

  @Test func pageWalkOfThePagelessCopyLeavesTheArrayUntouched() throws {
    let setup = try VgemExport(version: .v7_0, config: [.dmabufDebug])
    let (_, _, sgt) = try importer(setup)
    let poison = PagePointer(address: 0x6b6b_6b6b_6b6b_6b6b)
    var pages = Array(repeating: poison, count: 4)
    #expect(try drm_prime_sg_to_page_array(sgt, &pages, 4) == 0)
    #expect(pages == Array(repeating: poison, count: 4))
    #expect(try sg_page(sgt, 0).isNull)
  }

  @Test func dmaAddressesAreRightInEveryEraAndOverflowWarns() throws {
    for (version, config) in [
      (KernelVersion.v6_10, Set<KernelConfig>()), (.v6_10, [.dmabufDebug]), (.v7_0, [.dmabufDebug]),
    ] {
      let setup = try VgemExport(version: version, config: config)
      let (_, _, sgt) = try importer(setup)
      var addresses: [UInt64] = []
      #expect(try drm_prime_sg_to_dma_addr_array(sgt, &addresses, 4) == 0)
      // Without an IOMMU the DMA address is the physical one: the frames hold the pattern.
      let words = try addresses.map {
        try setup.kernel.load(UInt32.self, kernelAddress: PhysicalMemory.directMapBase + $0)
      }
      #expect(words == [0x1000, 0x1001, 0x1002, 0x1003], "\(version) \(config)")
      var short: [UInt64] = []
      #expect(try drm_prime_sg_to_dma_addr_array(sgt, &short, 2) == -1)
      #expect(setup.kernel.dmesg.contains { $0.hasPrefix("WARNING: CPU: 0 PID: 42 at drivers/gpu/drm/drm_prime.c") })
    }
  }

  @Test func theStrictCheckerNamesThePageWalkWhereTheKernelIsSilent() throws {
    let setup = try VgemExport(config: [.strictImporterRules])
    let (_, _, sgt) = try importer(setup)
    var pages: [PagePointer] = []
    #expect(try drm_prime_sg_to_page_array(sgt, &pages, 4) == 0)
    #expect(try readThroughPages(setup.kernel, pages) == [0x1000, 0x1001, 0x1002, 0x1003])
    #expect(setup.kernel.violations.map(\.rule) == ["never touch the page side of an imported sg_table"])
    #expect(setup.kernel.violations.first?.description.hasPrefix("primedoc checker: importer rule broken: ") == true)
  }

  @Test func dmaToPhysThroughAnIOMMUReadsTheWrongMemorySilently() throws {
    let setup = try VgemExport()
    let (_, _, sgt) = try importer(setup, iommu: true)
    let kernel = setup.kernel
    let phys = kernel.dma_to_phys(sgt.importedBy!.dev, sg_dma_address(sgt, 0))
    let page = kernel.pfn_to_page(phys >> 12)
    #expect(try kernel.load(UInt32.self, kernelAddress: kernel.kmap_local_page(page)) != 0x1000)
  }

  @Test func releasingTheLastReferenceWithAnAttachmentLeftWarns() throws {
    let setup = try VgemExport()
    let dmabuf = try setup.dmabuf()
    _ = try dma_buf_attach(dmabuf, Device(name: "importer", hasIOMMU: false))
    try dma_buf_put(dmabuf)
    try setup.igt.close(setup.dmabufFD)
    try setup.igt.close(setup.vgemFD)
    #expect(setup.kernel.dmesg.contains { $0.contains("at drivers/dma-buf/dma-buf.c dma_buf_release") })
    #expect(setup.kernel.taint.contains("W"))
  }

  @Test func panicOnWarnMakesTheWarningFatal() throws {
    let setup = try VgemExport()
    setup.kernel.panic_on_warn = true
    let dmabuf = try setup.dmabuf()
    let attach = try dma_buf_attach(dmabuf, Device(name: "importer", hasIOMMU: false))
    #expect(failure { try dma_buf_pin(attach) } is KernelWarning)
  }

  @Test func theRightOrderLeavesNothingBehind() throws {
    let setup = try VgemExport()
    let (dmabuf, attach, sgt) = try importer(setup)
    try dma_buf_unmap_attachment_unlocked(attach, sgt, .DMA_BIDIRECTIONAL)
    try dma_buf_detach(dmabuf, attach)
    try dma_buf_put(dmabuf)
    try setup.igt.close(setup.dmabufFD)
    try setup.igt.close(setup.vgemFD)
    #expect(setup.kernel.outstanding == [])
    #expect(setup.kernel.dmesg.allSatisfy { !$0.hasPrefix("WARNING") })
  }

  @Test func mappingWithoutTheLockSplatsUnderLockdepOnly() throws {
    let quiet = try VgemExport()
    let attach = try dma_buf_attach(try quiet.dmabuf(), Device(name: "importer", hasIOMMU: false))
    _ = try dma_buf_map_attachment(attach, .DMA_BIDIRECTIONAL)
    #expect(!quiet.kernel.dmesg.contains { $0.hasPrefix("WARNING") })

    let lockdep = try VgemExport(config: [.lockdep])
    let checked = try dma_buf_attach(try lockdep.dmabuf(), Device(name: "importer", hasIOMMU: false))
    _ = try dma_buf_map_attachment(checked, .DMA_BIDIRECTIONAL)
    #expect(lockdep.kernel.dmesg.contains { $0.hasSuffix("at drivers/dma-buf/dma-buf.c dma_buf_map_attachment") })
  }

  @Test func attachingWhileHoldingTheLockDeadlocks() throws {
    let setup = try VgemExport(config: [.lockdep])
    let dmabuf = try setup.dmabuf()
    try dma_resv_lock(dmabuf.resv)
    let hang = try #require(failure { try dma_buf_attach(dmabuf, Device(name: "importer", hasIOMMU: false)) } as? Hang)
    #expect(hang.lines.contains("WARNING: possible recursive locking detected"))
  }

  @Test func dynamicAttachWithoutMoveNotifyIsRefused() throws {
    let setup = try VgemExport()
    let error = failure {
      try dma_buf_dynamic_attach(
        try setup.dmabuf(), Device(name: "importer", hasIOMMU: false), dma_buf_attach_ops(move_notify: nil))
    }
    #expect(error as? Errno == .EINVAL("dma_buf_dynamic_attach"))
    #expect(setup.kernel.dmesg.contains { $0.hasSuffix("dma_buf_dynamic_attach") })
  }

  @Test func vmapIsSharedAndCountedAndAnExtraVunmapIsABug() throws {
    let setup = try VgemExport()
    let dmabuf = try setup.dmabuf()
    let first = try dma_buf_vmap_unlocked(dmabuf)
    let second = try dma_buf_vmap_unlocked(dmabuf)
    #expect(first == second && dmabuf.vmapping_counter == 2)
    #expect(try setup.kernel.iosys_map_rd(first, 4096) == 0x1001)
    try dma_buf_vunmap_unlocked(dmabuf, first)
    try dma_buf_vunmap_unlocked(dmabuf, first)
    let bug = try #require(failure { try dma_buf_vunmap_unlocked(dmabuf, first) } as? Oops)
    #expect(bug.lines.contains("kernel BUG at drivers/dma-buf/dma-buf.c!"))
  }

  @Test func releaseWhileVmappedIsABug() throws {
    let setup = try VgemExport()
    let dmabuf = try setup.dmabuf()
    _ = try dma_buf_vmap_unlocked(dmabuf)
    try dma_buf_put(dmabuf)
    try setup.igt.close(setup.dmabufFD)
    #expect(failure { try setup.igt.close(setup.vgemFD) } is Oops)
  }
}
