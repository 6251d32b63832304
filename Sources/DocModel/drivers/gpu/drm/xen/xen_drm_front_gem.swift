/// xen-front: the para-virtual display frontend for Xen guests
/// (`drivers/gpu/drm/xen/xen_drm_front_gem.c`, `drivers/xen/xen-front-pgdir-shbuf.c`).
/// Its import still (2025 mainline) breaks importer rule 1 three times over:
/// `xen_drm_front_gem_import_sg_table` turns the table into a page array with
/// `drm_prime_sg_to_page_array`, grants those pages' frames to the backend, and its
/// mmap inserts them into userspace with `vm_map_pages`.
///
/// The grant never fails in the frontend: `gnttab_grant_foreign_access_ref(ref,
/// domid, xen_page_to_gfn(page), 0)` returns nothing and checks nothing. Whatever
/// frame a page pointer leads to is granted; a failure, if any, is the backend's,
/// in the other domain, when it maps the grant. With a shmem exporter this works by
/// accident; under `CONFIG_DMABUF_DEBUG` the pointers are XOR-mangled (frames that
/// are not guest memory) or, with the page-less copy, never written: the array
/// (`kvmalloc_array`, not zeroed) keeps what its memory held before.
final class XenFrontDriver: DrmDriver {
  let name = "xendrm-du"
  /// Frames granted to the backend per object, as `xen_page_to_gfn` computed them.
  private(set) var grants: [Int: [UInt64]] = [:]

  /// `xen_drm_front_gem_create` without backend allocation: shmem pages, the page
  /// array from `drm_gem_get_pages` (a `kvmalloc_array`).
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    let pitch = (width * bpp + 7) / 8
    let obj = ShmemHelper.create(dev, size: pitch * height)
    if case .shmem(let frames) = obj.backing {
      var pages = dev.kernel.pageArrays.kvmalloc_array(frames.count)
      for (index, pfn) in frames.enumerated() { pages[index] = PagePointer(address: PhysicalMemory.page(ofFrame: pfn)) }
      obj.pages = pages
    }
    return (obj, pitch)
  }

  /// `xen_drm_front_gem_import_sg_table`: `gem_alloc_pages_array` (`kvmalloc_array`,
  /// not zeroed), `drm_prime_sg_to_page_array`, then `xen_drm_front_dbuf_create`,
  /// which grants each page's frame to the backend.
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    let obj = drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
    var pages = dev.kernel.pageArrays.kvmalloc_array(obj.pageCount)
    _ = try drm_prime_sg_to_page_array(sgt, &pages, obj.pageCount)
    obj.pages = pages
    grants[obj.id] = pages.map { PhysicalMemory.pfn(ofPage: $0.address) }
    // `DRM_DEBUG(...)`: printed only with `drm.debug=0x1`.
    if dev.kernel.has(.drmDebug) {
      dev.kernel.printk(
        "[drm:xen_drm_front_gem_import_sg_table] Imported buffer of size \(obj.size) with nents \(sgt.orig_nents)")
    }
    return obj
  }

  /// `xen_drm_front_gem_object_mmap`: `vm_map_pages(vma, xen_obj->pages, num_pages)`,
  /// which reads each `struct page` as it inserts it.
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    try obj.dev.kernel.call("xen_drm_front_gem_object_mmap", in: name) { () throws in
      try ShmemHelper.vm_map_pages(obj.dev.kernel, obj.pages ?? [], vma, driver: "xen_drm")
    }
  }

  /// `xen_drm_front_gem_free_object_unlocked`: an import is torn down
  /// (`drm_prime_gem_destroy`); the page array goes back with `kvfree`.
  func free_object(_ obj: drm_gem_object) throws {
    if obj.isImported { try drm_prime_gem_destroy(obj) }
    if let pages = obj.pages { obj.dev.kernel.pageArrays.kvfree(pages) }
    obj.pages = nil
    grants[obj.id] = nil
  }

  /// What the backend in the other domain reads after mapping the granted frames
  /// (`GNTTABOP_map_grant_ref`). Xen maps a frame that is guest memory, whatever it
  /// holds; for one that is not, the map fails with `GNTST_bad_page`
  /// (`get_paged_frame` in Xen's `common/grant_table.c`).
  func backendRead(_ obj: drm_gem_object, _ kernel: Kernel, offset: Int, count: Int) throws -> [UInt8] {
    guard let frames = grants[obj.id] else {
      throw NotModelled(what: "backend reads of buffers xen-front did not import")
    }
    let frame = frames[offset / PhysicalMemory.pageSize]
    guard kernel.memory.isRAM(frame) else {
      throw GrantMapFailure(ref: offset / PhysicalMemory.pageSize, frame: frame, status: "GNTST_bad_page", value: -9)
    }
    return kernel.memory.read(pfn: frame, offset: offset % PhysicalMemory.pageSize, count: count)
  }
}

/// A grant the backend domain could not map: the status its `GNTTABOP_map_grant_ref`
/// returned (Xen's `xen/common/grant_table.c`, `map_grant_ref` → `get_paged_frame`).
/// Nothing fails, and nothing is printed, in the guest that granted it; the backend
/// knows the grant reference, the model also names the frame behind it.
public struct GrantMapFailure: ModelFailure, Hashable {
  /// The buffer's grant reference, counted from 0 (the page-directory grants aside).
  public let ref: Int
  public let frame: UInt64
  public let status: String
  public let value: Int

  public var description: String {
    "[model] backend domain: GNTTABOP_map_grant_ref of the buffer's grant \(ref) (frame 0x\(String(frame, radix: 16))) "
      + "returned \(status) (\(value))"
  }
}

extension Process {
  /// What Xen's display backend (in another domain) reads from a buffer this
  /// process imported into xen-front: the granted frames, whatever they hold.
  /// Throws `GrantMapFailure` when a granted frame is not guest memory.
  public func xen_backend_read(_ fd: Int32, _ handle: UInt32, _ count: Int, at offset: Int = 0) throws -> [UInt8] {
    let (driver, obj) = try driverObject(fd, handle, XenFrontDriver.self)
    return try driver.backendRead(obj, kernel, offset: offset, count: count)
  }
}
