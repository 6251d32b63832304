/// xen-front: the para-virtual display frontend for Xen guests
/// (`drivers/gpu/drm/xen/xen_drm_front_gem.c`). Its import still (2025 mainline)
/// breaks importer rule 1 three times over: `xen_drm_front_gem_import_sg_table`
/// turns the table into a page array with `drm_prime_sg_to_page_array`, grants
/// those pages to the backend, and its mmap inserts them into userspace with
/// `vm_map_pages`. With a shmem exporter this works by accident; under
/// `CONFIG_DMABUF_DEBUG` the pages are garbage (XOR) or never filled (page-less
/// copy).
final class XenFrontDriver: DrmDriver {
  let name = "xendrm-du"
  /// Frames granted to the backend per object, as `gnttab_grant_foreign_access` saw them.
  private(set) var grants: [Int: [UInt64]] = [:]

  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    guard width > 0, height > 0, bpp > 0 else { throw Errno.EINVAL("xen_drm_drv_dumb_create") }
    let pitch = (width * bpp + 7) / 8
    let obj = ShmemHelper.create(dev, size: pitch * height)
    if case .shmem(let frames) = obj.backing { obj.pages = frames.map { PagePointer(address: PhysicalMemory.page(ofFrame: $0)) } }
    return (obj, pitch)
  }

  /// `xen_drm_front_gem_import_sg_table`: `pages = kvmalloc_array(...)` (not zeroed:
  /// the model fills it with slab poison), `drm_prime_sg_to_page_array`, then the
  /// grant of each page's frame to the backend (`xen_drm_front_dbuf_create`).
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws -> drm_gem_object {
    let obj = drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
    var pages = Array(repeating: PagePointer(address: 0x6b6b_6b6b_6b6b_6b6b), count: obj.pageCount)
    _ = try drm_prime_sg_to_page_array(sgt, &pages, obj.pageCount)
    obj.pages = pages
    grants[obj.id] = pages.map { PhysicalMemory.pfn(ofPage: $0.address) }
    dev.kernel.printk("[drm:xen_drm_front_gem_import_sg_table] Imported buffer of size \(obj.size) with nents \(sgt.nents)")
    return obj
  }

  /// `xen_drm_front_gem_object_mmap`: `vm_map_pages(vma, xen_obj->pages, num_pages)`,
  /// which reads each `struct page` as it inserts it.
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    try obj.dev.kernel.call("xen_drm_front_gem_object_mmap", in: name) { () throws in
      try ShmemHelper.vm_map_pages(obj.dev.kernel, obj.pages ?? [], vma, driver: "xen_drm")
    }
  }

  /// What the backend would read from a granted buffer: the granted frames' bytes.
  func backendRead(_ obj: drm_gem_object, _ kernel: Kernel, offset: Int, count: Int) throws -> [UInt8] {
    guard let frames = grants[obj.id] else { throw NotModelled(what: "backend reads of buffers xen-front did not import") }
    let frame = frames[offset / PhysicalMemory.pageSize]
    guard kernel.memory.isRAM(frame) else {
      throw Errno.EINVAL("gnttab_grant_foreign_access (frame 0x\(String(frame, radix: 16)) is not guest memory)")
    }
    return kernel.memory.read(pfn: frame, offset: offset % PhysicalMemory.pageSize, count: count)
  }
}

extension Process {
  /// What Xen's display backend (in another domain) reads from a buffer this
  /// process imported into xen-front: the frames xen-front granted. `-EINVAL` when
  /// a granted frame is not guest memory, as a grant mapping of it would fail.
  public func xen_backend_read(_ fd: Int32, _ handle: UInt32, _ count: Int, at offset: Int = 0) throws -> [UInt8] {
    let (driver, obj) = try driverObject(fd, handle, XenFrontDriver.self)
    return try driver.backendRead(obj, kernel, offset: offset, count: count)
  }
}
