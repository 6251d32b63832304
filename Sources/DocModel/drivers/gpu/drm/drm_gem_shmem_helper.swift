/// A driver whose hooks are `DRM_GEM_SHMEM_DRIVER_OPS`
/// (`include/drm/drm_gem_shmem_helper.h`) and whose objects' `funcs` are the shmem
/// helpers' (vgem, cirrus): dumb buffers, imports and mmap all come from
/// `drivers/gpu/drm/drm_gem_shmem_helper.c`. What an import is changed in v6.17
/// (`KernelChange.shmemImportWithoutMap`).
protocol DrmGemShmemDriver: DrmDriver {}

extension DrmGemShmemDriver {
  /// `drm_gem_shmem_dumb_create`.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    ShmemHelper.dumbCreate(dev, width: width, height: height, bpp: bpp)
  }

  /// The macro's import. Until v6.16 it sets only `gem_prime_import_sg_table`, so
  /// the core's `drm_gem_prime_import_dev` attaches, maps and calls it. From
  /// e7a1cbca0b42 (v6.17) it sets `.gem_prime_import =
  /// drm_gem_shmem_prime_import_no_map`: the object the dma-buf exports, when it is
  /// this device's own (`drm_gem_is_prime_exported_dma_buf`), with a reference;
  /// otherwise `dma_buf_attach`, `get_dma_buf` and an object with no table. Nothing
  /// of the helper needs one: a mapping goes to `dma_buf_mmap`, a vmap to
  /// `dma_buf_vmap`, and `drm_prime_gem_destroy` unmaps only a table it has.
  func gem_prime_import(_ dev: DrmDevice, _ dmabuf: dma_buf) throws -> drm_gem_object {
    guard dev.version.has(.shmemImportWithoutMap) else { return try drm_gem_prime_import_dev(dev, dmabuf, dev.device) }
    return try dev.kernel.call("drm_gem_shmem_prime_import_no_map", in: "drm", result: { $0.description }) {
      () throws -> drm_gem_object in
      if let prime = dmabuf.ops as? GemPrimeOps, prime.obj.dev === dev {
        prime.obj.refcount += 1
        return prime.obj
      }
      let attach = try dma_buf_attach(dmabuf, dev.device)
      get_dma_buf(dmabuf)
      return drm_gem_object(dev: dev, size: dmabuf.size, backing: .imported(attach, nil))
    }
  }

  /// `drm_gem_shmem_prime_import_sg_table` (until v6.16).
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    ShmemHelper.importSgTable(dev, attach, sgt)
  }

  /// `drm_gem_shmem_object_mmap`.
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws { try ShmemHelper.mmap(obj, vma) }
}

/// The GEM shmem helpers (`drivers/gpu/drm/drm_gem_shmem_helper.c`), as far as
/// vgem and the import paths use them.
enum ShmemHelper {
  /// `drm_gem_shmem_dumb_create`: pitch = width × bpp/8 rounded up; size = pitch × height.
  static func dumbCreate(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) -> (obj: drm_gem_object, pitch: Int) {
    let pitch = (width * bpp + 7) / 8
    return (create(dev, size: pitch * height), pitch)
  }

  /// `drm_gem_shmem_prime_import_sg_table`: keeps the table; a mapping of the import
  /// goes to the exporter (`mmap`), and `MODE_MAP_DUMB` of it is refused by
  /// `drm_gem_dumb_map_offset`.
  static func importSgTable(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) -> drm_gem_object {
    drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
  }

  /// `drm_gem_shmem_create`: an object with fresh frames.
  static func create(_ dev: DrmDevice, size: Int) -> drm_gem_object {
    let pages = (size + 4095) / 4096
    return drm_gem_object(dev: dev, size: pages * 4096, backing: .shmem(dev.kernel.memory.allocate(pages)))
  }

  /// `drm_gem_shmem_mmap`. An import is redirected to the exporter: clear
  /// `vm_private_data` and `vm_ops`, `dma_buf_mmap(obj->dma_buf, vma, 0)`, and on
  /// success drop the reference `drm_gem_mmap_obj` took. Otherwise the vma faults
  /// the object's own pages (`drm_gem_shmem_fault`).
  static func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    try obj.dev.kernel.call("drm_gem_shmem_mmap", in: obj.dev.name) { () throws in
      if let attach = obj.import_attach { return try redirectToExporter(obj, attach, vma) }
      if vma.isCow && obj.dev.version.has(.shmemRejectsCowMappings) { throw Errno.EINVAL("drm_gem_shmem_mmap") }
      vma.vm_ops = faultOps(obj)
    }
  }

  /// The redirect every correct importer's mmap does: clear `vm_private_data` and
  /// `vm_ops`, `dma_buf_mmap(dmabuf, vma, 0)`, and drop the reference
  /// `drm_gem_mmap_obj` took. The exporter serves the faults.
  static func redirectToExporter(_ obj: drm_gem_object, _ attach: dma_buf_attachment, _ vma: VMArea) throws {
    vma.vm_private_data = nil
    vma.vm_ops = nil
    try dma_buf_mmap(attach.dmabuf, vma, 0)
    obj.refcount -= 1
  }

  /// `vm_map_pages()`: inserts a page array into a vma, reading each `struct page`
  /// as it goes (an oops for a garbage pointer). Faults past the array get SIGBUS.
  static func vm_map_pages(_ kernel: Kernel, _ pages: [PagePointer], _ vma: VMArea, driver: String) throws {
    try kernel.call("vm_map_pages", in: "mm") { () throws in
      for (index, page) in pages.enumerated() where index < vma.pageCount {
        try kernel.touch(page, in: "validate_page_before_insert")
        vma.ptes[index] = PhysicalMemory.pfn(ofPage: page.address)
      }
    }
    vma.vm_ops = VMOperations(name: "\(driver)_vm_ops") { _, _ in .sigbus(reason: "no page inserted at this offset") }
  }

  /// `drm_gem_vm_close` for a mapping the driver serves itself: the reference
  /// `drm_gem_mmap_obj` (or `drm_gem_prime_mmap`) took goes with the mapping.
  static func dropReferenceOnClose(_ obj: drm_gem_object, _ vma: VMArea) {
    guard vma.vm_private_data === obj else { return }
    vma.vm_ops?.close = { try? drm_gem_object_put(obj) }
  }

  /// `drm_gem_shmem_vm_ops`: faults insert the object's own frame (`vmf_insert_pfn`).
  static func faultOps(_ obj: drm_gem_object) -> VMOperations {
    VMOperations(name: "drm_gem_shmem_fault") { vma, pageOffset in
      try obj.dev.kernel.call("drm_gem_shmem_fault", in: obj.dev.name) { () throws -> VMFault in
        guard case .shmem(let frames) = obj.backing else { throw NotModelled(what: "shmem faults on \(obj)") }
        // Before 39bc27bd6880 a private mapping got this far, and its first fault
        // inserted a pfn into a COW vma: BUG_ON in vmf_insert_pfn_prot.
        if vma.isCow { throw obj.dev.kernel.bug(at: "mm/memory.c", in: "vmf_insert_pfn_prot", process: vma.mm) }
        let index = vma.pgoff + pageOffset
        guard index < frames.count else {
          return .sigbus(reason: "drm_gem_shmem_fault: page \(index) beyond the object")
        }
        return .frame(frames[index])
      }
    }
  }
}
