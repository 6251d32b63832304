/// A hardware GPU with VRAM and an IOMMU, shaped after amdgpu
/// (`drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c`).
///
/// As an exporter it is dynamic (it has `pin`). `amdgpu_dma_buf_attach` keeps an
/// importer's `peer2peer` only where `pci_p2pdma_distance` allows it (PCI topology,
/// not the importer's IOMMU). A VRAM buffer mapped for a peer stays in VRAM and
/// is handed over as page-less entries whose DMA addresses come from
/// `dma_map_resource` of the BAR (an IOVA when the importer has an IOMMU); for
/// anyone else an unpinned buffer is moved to system memory (GTT) first. Pinning
/// (`amdgpu_dma_buf_pin`) follows `KernelChange.amdgpuPinVRAMForPeers` and
/// `.amdgpuNoVRAMPinWithoutMoveNotify`. As an importer it attaches dynamically (`allow_peer2peer`,
/// `amdgpu_dma_buf_move_notify`) and uses DMA addresses only; a CPU fault on an
/// import goes through TTM and is refused with SIGBUS.
final class AmdgpuDriver: DrmDriver {
  let name = "amdgpu"
  /// `DRIVER_RENDER`.
  let hasRenderNode = true
  /// `adev->gmc.aper_base`: where VRAM appears in physical address space (the BAR).
  static let barBase: UInt64 = 0x38_0000_0000
  /// The next frame of VRAM: device memory, outside RAM, with no `struct page`,
  /// numbered by the BAR's frames as the CPU's page tables see it.
  private var nextVRAMFrame: UInt64 = barBase >> 12
  /// `bo->tbo.pin_count` by object.
  private var pinCounts: [Int: Int] = [:]

  func pin_count(_ obj: drm_gem_object) -> Int { pinCounts[obj.id, default: 0] }
  func pin(_ obj: drm_gem_object) { pinCounts[obj.id, default: 0] += 1 }
  func unpin(_ obj: drm_gem_object) { pinCounts[obj.id, default: 0] -= 1 }

  /// `amdgpu_mode_dumb_create`: a BO placed in VRAM.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    let pitch = (width * bpp + 7) / 8
    let pages = (pitch * height + 4095) / 4096
    let frames = (0..<pages).map { nextVRAMFrame + UInt64($0) }
    nextVRAMFrame += UInt64(pages)
    let obj = drm_gem_object(dev: dev, size: pages * 4096, backing: .vram(frames))
    return (obj, pitch)
  }

  /// `amdgpu_gem_prime_export`: amdgpu's own, dynamic, `dma_buf_ops`.
  func exportOps(for obj: drm_gem_object) -> any dma_buf_ops { AmdgpuPrimeOps(obj: obj, driver: self) }

  /// `amdgpu_mode_dumb_mmap`: no check for imports.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64 { dev.mmapOffset(for: obj) }

  /// `amdgpu_gem_prime_import`: its own buffer comes back as itself; a foreign one
  /// is attached dynamically, and the mapping is made later, when the GPU first
  /// uses the BO (`amdgpu_ttm_backend_bind`, see `amdgpu_bind`).
  func gem_prime_import(_ dev: DrmDevice, _ dmabuf: dma_buf) throws -> drm_gem_object {
    try dev.kernel.call("amdgpu_gem_prime_import", in: name, result: { $0.description }) { () throws in
      if let prime = dmabuf.ops as? AmdgpuPrimeOps, prime.obj.dev === dev {
        prime.obj.refcount += 1
        return prime.obj
      }
      var object: drm_gem_object?
      let ops = dma_buf_attach_ops(allow_peer2peer: true) { attach in
        // `amdgpu_dma_buf_move_notify`: invalidate the VM mappings; re-map on next use.
        object?.dropImportMapping()
      }
      let attach = try dma_buf_dynamic_attach(dmabuf, dev.device, ops)
      get_dma_buf(dmabuf)
      let obj = drm_gem_object(dev: dev, size: dmabuf.size, backing: .imported(attach, nil))
      obj.ttm = TTMState(external: true, externalMappable: false, pages: nil)
      object = obj
      return obj
    }
  }

  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    throw NotModelled(what: "amdgpu's static import path")
  }

  /// `amdgpu_gem_object_mmap` → TTM: own BOs fault their VRAM (through the BAR) or
  /// GTT frames; imports are refused by `ttm_bo_vm_reserve` (SIGBUS).
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    vma.vm_private_data = obj
    obj.cpuMappings.append(Weak(vma))
    vma.vm_ops = VMOperations(name: "amdgpu_gem_fault") { vma, pageOffset in
      try obj.dev.kernel.call("amdgpu_gem_fault", in: "amdgpu") { () throws -> VMFault in
        if let refused = TTM.vm_reserve(obj) { return refused }
        let index = vma.pgoff + pageOffset
        switch obj.backing {
        case .vram(let frames), .shmem(let frames):
          return index < frames.count
            ? .frame(frames[index]) : .sigbus(reason: "ttm_bo_vm_fault_reserved: fault beyond the object")
        case .imported:
          return try TTM.vm_fault_reserved(obj, pageOffset: index)
        }
      }
    }
  }

  /// `amdgpu_gem_prime_vmap`: VRAM is I/O memory (`is_iomem`); GTT is not.
  func vmap(_ obj: drm_gem_object) throws -> iosys_map {
    switch obj.backing {
    case .vram(let frames):
      return iosys_map(vaddr: 0xffff_c900_8000_0000 &+ UInt64(obj.id) << 32, is_iomem: true, frames: frames)
    case .shmem(let frames):
      return iosys_map(vaddr: PhysicalMemory.vmallocBase &+ UInt64(obj.id) << 32, is_iomem: false, frames: frames)
    case .imported:
      throw NotModelled(what: "vmap of an amdgpu import")
    }
  }

  /// Moves a VRAM BO to GTT (`ttm_bo_validate` into system memory): dynamic
  /// importers are told (`amdgpu_bo_move_notify` → `dma_buf_move_notify`), CPU
  /// mappings are zapped (`ttm_bo_unmap_virtual`), the contents are copied. amdgpu
  /// prints nothing; the move is recorded as the model's note.
  func migrateToGTT(_ obj: drm_gem_object, reason: String) throws {
    guard case .vram(let frames) = obj.backing else { return }
    let kernel = obj.dev.kernel
    try kernel.call("amdgpu_bo_move", in: name) { () throws in
      if let buffer = obj.dma_buf { try dma_buf_move_notify(buffer) }
      kernel.unmap_mapping_range(obj)
      let gtt = kernel.memory.allocate(frames.count)
      for (from, to) in zip(frames, gtt) {
        kernel.memory.write(
          pfn: to, offset: 0, kernel.memory.read(pfn: from, offset: 0, count: PhysicalMemory.pageSize))
      }
      obj.backing = .shmem(gtt)
      // The copy runs on the GPU: a KERNEL fence that signals when it is done
      // (2 ms of virtual time), which static importers' maps wait for.
      let fence = dma_fence(context: kernel.nextFenceContext, seqno: 1, driver: "amdgpu")
      kernel.nextFenceContext += 1
      obj.resv.add(fence, usage: .DMA_RESV_USAGE_KERNEL)
      kernel.addTimer(after: 2_000_000) { fence.signal() }
      kernel.note("amdgpu moved \(obj) from VRAM to GTT (\(reason))")
    }
  }
}

/// amdgpu's `dma_buf_ops`: a dynamic exporter.
final class AmdgpuPrimeOps: dma_buf_ops {
  let obj: drm_gem_object
  let driver: AmdgpuDriver
  init(obj: drm_gem_object, driver: AmdgpuDriver) {
    self.obj = obj
    self.driver = driver
  }

  var exporter: String { "amdgpu" }
  /// `amdgpu_gem_prime_export` exports through `drm_gem_prime_export`.
  var exp_name: String { "drm" }
  var isDynamic: Bool { true }

  /// `amdgpu_dma_buf_attach`: `if (!amdgpu_dmabuf_is_xgmi_accessible(...) &&
  /// pci_p2pdma_distance(adev->pdev, attach->dev, false) < 0) attach->peer2peer =
  /// false;` (no XGMI in the model; `verbose` false since v6.1, so nothing printed).
  func attach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws {
    if pci_p2pdma_distance(obj.dev.device, attach.dev, cpu: obj.dev.kernel.cpu) < 0 { attach.peer2peer = false }
  }

  /// `amdgpu_dma_buf_pin`: until f5e7fabd1f5c always GTT; from it VRAM stays only
  /// if every attachment is peer-to-peer, and from 5e56935b519b only with
  /// `CONFIG_DMABUF_MOVE_NOTIFY`. A BO that may not stay is moved first.
  func pin(_ attach: dma_buf_attachment) throws(Errno) {
    let kernel = obj.dev.kernel
    var keepsVRAM = kernel.version.has(.amdgpuPinVRAMForPeers)
    if kernel.version.has(.amdgpuNoVRAMPinWithoutMoveNotify) && !kernel.has(.dmabufMoveNotify) { keepsVRAM = false }
    if attach.dmabuf.attachments.contains(where: { !$0.peer2peer }) { keepsVRAM = false }
    if !keepsVRAM { try? driver.migrateToGTT(obj, reason: "pinned in GTT") }
    driver.pin(obj)
  }

  func unpin(_ attach: dma_buf_attachment) { driver.unpin(obj) }

  /// `amdgpu_dma_buf_map`: an unpinned BO is validated into GTT, or GTT|VRAM for a
  /// peer-to-peer attachment (so a VRAM BO stays). VRAM is handed over by
  /// `amdgpu_vram_mgr_alloc_sgt`: `sg_set_page(sg, NULL, …)` and
  /// `dma_map_resource(attach->dev, aper_base + offset, …)`; GTT pages by
  /// `drm_prime_pages_to_sg` and `dma_map_sgtable`.
  func map_dma_buf(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
    let kernel = obj.dev.kernel
    if driver.pin_count(obj) == 0, !attach.peer2peer {
      try driver.migrateToGTT(obj, reason: "mapped for a non-peer-to-peer importer")
    }
    switch obj.backing {
    case .vram(let frames):
      let length = frames.count * PhysicalMemory.pageSize
      let phys = (frames.first ?? 0) << 12
      let address = attach.dev.dmaMapResource(phys, length: length)
      return sg_table(
        kernel: kernel,
        entries: [
          scatterlist(
            page_link: 0x2, offset: 0, length: UInt32(length), dma_address: address, dma_length: UInt32(length))
        ])
    case .shmem(let frames):
      return sg_table.fromFrames(frames, kernel: kernel, mappedFor: attach.dev)
    case .imported:
      throw NotModelled(what: "re-exporting an amdgpu import")
    }
  }

  func unmap_dma_buf(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) {}

  func mmap(_ dmabuf: dma_buf, _ vma: VMArea) throws { try driver.mmap(obj, vma) }
  func vmap(_ dmabuf: dma_buf) throws -> iosys_map { try driver.vmap(obj) }
  func vunmap(_ dmabuf: dma_buf, _ map: iosys_map) {}

  /// `amdgpu_dma_buf_begin_cpu_access`: reads of an unpinned VRAM buffer move it to GTT.
  func begin_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno) {
    guard dir == .DMA_FROM_DEVICE || dir == .DMA_BIDIRECTIONAL, driver.pin_count(obj) == 0 else { return }
    try? driver.migrateToGTT(obj, reason: "CPU read access")
  }

  func release(_ dmabuf: dma_buf) { try? drm_gem_object_put(obj) }

  /// `amdgpu_dmabuf_ops`: amdgpu's own hooks, DRM's for the rest.
  func symbol(for hook: String) -> String {
    switch hook {
    case "attach", "pin", "unpin", "begin_cpu_access": "amdgpu_dma_buf_\(hook)"
    case "map_dma_buf": "amdgpu_dma_buf_map"
    case "unmap_dma_buf": "amdgpu_dma_buf_unmap"
    case "detach": "drm_gem_map_detach"
    case "mmap", "vmap", "vunmap": "drm_gem_dmabuf_\(hook)"
    case "release": "drm_gem_dmabuf_release"
    default: hook
    }
  }
}

extension Process {
  /// The GPU's first use of a BO (a command submission validating it):
  /// `amdgpu_ttm_backend_bind` maps an import under the reservation lock, after
  /// waiting for its KERNEL fences (a dynamic importer gets no wait from the core).
  /// Returns the DMA addresses the GPU's page tables now hold.
  public func amdgpu_bind(_ fd: Int32, _ handle: UInt32) throws -> [UInt64] {
    try syscall("DRM_IOCTL_AMDGPU_CS", result: { "\($0.count) pages" }) {
      let (_, obj) = try driverObject(fd, handle, AmdgpuDriver.self)
      guard case .imported(let attach, let mapped) = obj.backing else {
        throw NotModelled(what: "binding a BO of amdgpu's own")
      }
      let sgt =
        try mapped
        ?? kernel.call("amdgpu_ttm_backend_bind", in: "amdgpu") { () throws -> sg_table in
          try dma_resv_lock(attach.dmabuf.resv)
          defer { attach.dmabuf.resv.unlock() }
          try attach.dmabuf.resv.wait(upTo: .DMA_RESV_USAGE_KERNEL, process: self)
          let table = try dma_buf_map_attachment(attach, .DMA_BIDIRECTIONAL)
          obj.backing = .imported(attach, table)
          return table
        }
      var addresses: [UInt64] = []
      _ = try drm_prime_sg_to_dma_addr_array(sgt, &addresses, obj.pageCount)
      return addresses
    }
  }
}

extension Kernel {
  /// `/sys/kernel/debug/dri/N/amdgpu_evict_vram`: moves every unpinned VRAM buffer
  /// of `device` to GTT. Importers holding mappings learn of it through
  /// `move_notify` (dynamic) — a static importer's mapping pinned the buffer.
  public func amdgpu_evict_vram(_ device: DrmDevice) throws {
    guard let driver = device.driver as? AmdgpuDriver else {
      throw NotModelled(what: "amdgpu_evict_vram on \(device.name)")
    }
    for buffer in buffers where !buffer.released {
      guard let ops = buffer.ops as? AmdgpuPrimeOps, ops.obj.dev === device else { continue }
      if driver.pin_count(ops.obj) > 0 { continue }
      try dma_resv_lock(buffer.resv)
      defer { buffer.resv.unlock() }
      try driver.migrateToGTT(ops.obj, reason: "evicted")
    }
  }
}
