import Testing

@testable import DocModel

/// A VRAM exporter with an IOMMU (amdgpu-like): peer-to-peer, migration, dynamic
/// importing, move_notify.
@Suite struct HardwareGPUTests {
  struct GPUExport {
    let kernel: Kernel
    let gpu: DrmDevice
    let igt: Process
    let gpuFD: Int32
    let bo: DumbBuffer
    let dmabufFD: Int32

    init(
      version: KernelVersion = .latest, config: Set<KernelConfig> = [], cpu: CPU = .amdZen,
      slot: PCIPlacement = .rootPort()
    ) throws {
      kernel = Kernel(version: version, config: config, cpu: cpu)
      gpu = kernel.load(.amdgpu(slot))
      igt = kernel.spawn("igt")
      gpuFD = try igt.drm_open_driver(gpu)
      bo = try igt.kmstest_dumb_create(gpuFD, 64, 64, 32)
      let ptr = try igt.kmstest_dumb_map_buffer(gpuFD, bo.handle, bo.size, [.PROT_WRITE])
      for page in 0..<4 { try ptr.store(UInt32(0xa000 + page), at: page * 4096) }
      dmabufFD = try igt.prime_handle_to_fd_for_mmap(gpuFD, bo.handle)
    }
  }

  /// A second GPU in `slot` imports the buffer and binds it; the exporter's BO and
  /// the importer's table.
  func peerImport(_ setup: GPUExport, slot: PCIPlacement = .rootPort()) throws -> (
    exported: drm_gem_object, sgt: sg_table, dma: [UInt64]
  ) {
    let fd = try setup.igt.drm_open_driver(setup.kernel.load(.amdgpu(slot)))
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let obj = try #require(try setup.igt.drmFile(fd).handles[handle])
    // Nothing is mapped until the GPU uses the BO.
    #expect(obj.import_attach?.mappings.isEmpty == true)
    let dma = try setup.igt.amdgpu_bind(fd, handle)
    guard case .imported(_, let sgt?) = obj.backing else { throw NotModelled(what: "an unmapped import") }
    return (try #require(setup.igt.drmFile(setup.gpuFD).handles[setup.bo.handle]), sgt, dma)
  }

  @Test func aPeerGetsPagelessEntriesAddressedThroughItsIOMMU() throws {
    let setup = try GPUExport(config: [.dmabufMoveNotify])
    let (exported, sgt, dma) = try peerImport(setup)
    guard case .vram = exported.backing else { throw NotModelled(what: "a BO that left VRAM") }
    #expect(sgt.importedBy?.peer2peer == true && sgt.importedBy?.isDynamic == true)
    #expect(try sg_page(sgt, 0).isNull)
    // `dma_map_resource` through the importer's IOMMU: an IOVA, not the BAR.
    #expect(!dma.contains(AmdgpuDriver.barBase) && dma == (0..<4).map { dma[0] + UInt64($0 * 4096) })
    #expect(setup.kernel.notes.isEmpty && setup.kernel.dmesg.allSatisfy { !$0.contains("moved") })
  }

  @Test func withoutMoveNotifyTheMapPinsInGTTOnEveryVersion() throws {
    for version in [KernelVersion.v6_14, .v6_15, .v7_0] {
      let setup = try GPUExport(version: version)
      let (exported, sgt, _) = try peerImport(setup)
      guard case .shmem = exported.backing else { throw NotModelled(what: "\(version): a BO still in VRAM") }
      #expect(try !sg_page(sgt, 0).isNull, "\(version)")
    }
  }

  @Test func dmaBufPinKeepsVRAMForPeersFrom6_15WithMoveNotify() throws {
    for (version, staysInVRAM) in [(KernelVersion.v6_14, false), (.v6_15, true)] {
      let setup = try GPUExport(version: version, config: [.dmabufMoveNotify])
      let peer = setup.kernel.load(.amdgpu)
      let dmabuf = try dma_buf_get(setup.dmabufFD, in: setup.igt)
      let attach = try dma_buf_dynamic_attach(
        dmabuf, peer.device, dma_buf_attach_ops(allow_peer2peer: true, move_notify: { _ in }))
      try dma_resv_lock(dmabuf.resv)
      try dma_buf_pin(attach)
      dma_resv_unlock(dmabuf.resv)
      let exported = try #require(setup.igt.drmFile(setup.gpuFD).handles[setup.bo.handle])
      if case .vram = exported.backing {
        #expect(staysInVRAM, "\(version)")
      } else {
        #expect(!staysInVRAM, "\(version)")
      }
    }
  }

  @Test func peerToPeerIsDecidedByPCITopology() throws {
    func peer2peer(_ cpu: CPU, _ exporter: PCIPlacement, _ importer: PCIPlacement?) throws -> Bool {
      let setup = try GPUExport(cpu: cpu, slot: exporter)
      let device = importer.map { setup.kernel.load(.amdgpu($0)).device } ?? setup.kernel.load(.vgem).device
      let dmabuf = try dma_buf_get(setup.dmabufFD, in: setup.igt)
      return try dma_buf_dynamic_attach(
        dmabuf, device, dma_buf_attach_ops(allow_peer2peer: true, move_notify: { _ in })
      ).peer2peer
    }
    #expect(try peer2peer(.intel, .behindSwitch(1), .behindSwitch(1)), "one switch: PCI_P2PDMA_MAP_BUS_ADDR")
    #expect(try !peer2peer(.intel, .rootPort(), .rootPort()), "through a host bridge not on the whitelist")
    #expect(try !peer2peer(.intel, .behindSwitch(1), .behindSwitch(2)))
    #expect(try peer2peer(.amdZen, .rootPort(hostBridge: 0), .rootPort(hostBridge: 1)), "cpu_supports_p2pdma")
    #expect(try !peer2peer(.amdZen, .rootPort(), nil), "vgem is not a PCI device")
  }

  /// Until v6.16, where vgem's import still maps the buffer (from v6.17 it only
  /// attaches, `ShmemImportTests`, and pins nothing).
  @Test func aStaticImporterPinsTheBufferWhichMigratesToGTTWithItsContents() throws {
    let setup = try GPUExport(version: .v6_15)
    let vgem = setup.kernel.load(.vgem)
    let fd = try setup.igt.drm_open_driver(vgem)
    _ = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    // amdgpu prints nothing about the move; the model notes it apart from dmesg.
    #expect(
      setup.kernel.notes.contains {
        $0.hasPrefix("[model] amdgpu moved") && $0.hasSuffix("from VRAM to GTT (pinned in GTT)")
      })
    #expect(!setup.kernel.dmesg.contains { $0.contains("moved") })
    // vgem's page walk would now find real pages; userspace reads through the exporter.
    let mapping = try setup.igt.mmap(setup.bo.size, [.PROT_READ], setup.dmabufFD, 0)
    #expect(try mapping.load(UInt32.self, at: 2 * 4096) == 0xa002)
  }

  @Test func aCPUFaultOnAnImportIsRefusedWithSIGBUS() throws {
    let setup = try VgemExport()
    let gpu = setup.kernel.load(.amdgpu)
    let fd = try setup.igt.drm_open_driver(gpu)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let mapping = try setup.igt.kmstest_dumb_map_buffer(fd, handle, setup.bo.size, [.PROT_READ])
    let signal = try #require(failure { try mapping.load(UInt32.self, at: 0) } as? Signal)
    #expect(signal.name == "SIGBUS" && signal.reason == "ttm_bo_vm_reserve refuses to fault imported pages")
  }

  @Test func evictionTellsDynamicImportersThroughMoveNotify() throws {
    let setup = try GPUExport(config: [.dmabufMoveNotify])
    let peer = setup.kernel.load(.amdgpu)
    let fd = try setup.igt.drm_open_driver(peer)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    let obj = try #require(try setup.igt.drmFile(fd).handles[handle])
    _ = try setup.igt.amdgpu_bind(fd, handle)
    #expect(obj.import_attach?.mappings.count == 1)
    try setup.kernel.amdgpu_evict_vram(setup.gpu)
    #expect(obj.needsRemap)
    #expect(obj.import_attach?.mappings.isEmpty == true)
    #expect(setup.kernel.trace.events.contains { $0.function == "move_notify" })
    // The next use maps the buffer where it now is: GTT pages behind the IOMMU, not the BAR.
    #expect(try setup.igt.amdgpu_bind(fd, handle).first != AmdgpuDriver.barBase)
  }

  @Test func vramIsIOMemoryForVmap() throws {
    let setup = try GPUExport()
    let dmabuf = try dma_buf_get(setup.dmabufFD, in: setup.igt)
    let map = try dma_buf_vmap_unlocked(dmabuf)
    #expect(map.is_iomem)
    #expect(try setup.kernel.iosys_map_rd(map, 4096) == 0xa001)
  }
}

@Suite struct FenceWaitTests {
  /// A VRAM buffer exported by a hardware GPU, held by kernel code.
  func vramBuffer() throws -> (Kernel, dma_buf) {
    let kernel = Kernel()
    let igt = kernel.spawn("igt")
    let fd = try igt.drm_open_driver(kernel.load(.amdgpu))
    let bo = try igt.kmstest_dumb_create(fd, 64, 64, 32)
    return (kernel, try dma_buf_get(try igt.prime_handle_to_fd(fd, bo.handle), in: igt))
  }

  @Test func aStaticImporterWaitsForTheExportersMove() throws {
    let (kernel, dmabuf) = try vramBuffer()
    // The core waits for the KERNEL fence of the migration the pin caused.
    let staticAttach = try dma_buf_attach(dmabuf, Device(name: "static", hasIOMMU: false))
    _ = try dma_buf_map_attachment_unlocked(staticAttach, .DMA_BIDIRECTIONAL)
    #expect(kernel.now == 2_000_000)
    #expect(dmabuf.resv.unsignaled(upTo: .DMA_RESV_USAGE_KERNEL).isEmpty)
  }

  @Test func aDynamicImporterGetsNoWaitFromTheCore() throws {
    let (kernel, dmabuf) = try vramBuffer()
    let attach = try dma_buf_dynamic_attach(
      dmabuf, Device(name: "dynamic", hasIOMMU: false), dma_buf_attach_ops(move_notify: { _ in }))
    try dma_resv_lock(dmabuf.resv)
    _ = try dma_buf_map_attachment(attach, .DMA_BIDIRECTIONAL)
    dma_resv_unlock(dmabuf.resv)
    // Mapped while the copy is still running: the importer must wait or pipeline.
    #expect(kernel.now == 0)
    #expect(dmabuf.resv.unsignaled(upTo: .DMA_RESV_USAGE_KERNEL).count == 1)
  }
}

/// A dynamic exporter whose `map_dma_buf` fails, counting its pins.
private final class FailingDynamicExporter: dma_buf_ops {
  var exporter: String { "failing" }
  var isDynamic: Bool { true }
  var pins = 0
  func pin(_ attach: dma_buf_attachment) throws(Errno) { pins += 1 }
  func unpin(_ attach: dma_buf_attachment) { pins -= 1 }
  func map_dma_buf(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
    throw Errno.ENOMEM("failing_map_dma_buf")
  }
  func unmap_dma_buf(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) {}
  func mmap(_ dmabuf: dma_buf, _ vma: VMArea) throws {}
  func vmap(_ dmabuf: dma_buf) throws -> iosys_map { throw Errno.EINVAL("vmap") }
  func vunmap(_ dmabuf: dma_buf, _ map: iosys_map) {}
  func begin_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno) {}
  func end_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno) {}
  func release(_ dmabuf: dma_buf) {}
}

@Suite struct FailedMapUnpinTests {
  /// Kernel: `dma_buf_dynamic_attach` (before v6.15) and `dma_buf_map_attachment`
  /// both unpin on `err_unpin` when the exporter's map fails; the attach then
  /// detaches (`err_unlock`: `dma_buf_detach`).
  @Test(arguments: [KernelVersion.v6_14, .v6_15])
  func aFailedMapLeavesNoPin(version: KernelVersion) throws {
    let kernel = Kernel(version: version)
    let exporter = FailingDynamicExporter()
    let dmabuf = dma_buf_export(kernel: kernel, ops: exporter, priv: exporter, size: 4096, resv: nil, writable: true)
    let importer = Device(name: "static", hasIOMMU: false)
    if version < .v6_15 {
      // Static importer of a dynamic exporter: the mapping is made (and pinned) at attach.
      #expect(throws: Errno.self) { try dma_buf_attach(dmabuf, importer) }
    } else {
      let attach = try dma_buf_attach(dmabuf, importer)
      #expect(throws: Errno.self) { try dma_buf_map_attachment_unlocked(attach, .DMA_BIDIRECTIONAL) }
    }
    #expect(exporter.pins == 0)
    #expect(dmabuf.attachments.count == (version < .v6_15 ? 0 : 1), "a failed attach is detached again")
  }
}
