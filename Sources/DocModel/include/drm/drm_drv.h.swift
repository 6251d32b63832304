/// `struct drm_driver` plus the `drm_gem_object_funcs` of its objects: the hooks the
/// DRM core calls. Defaults are the generic helpers' behaviour.
protocol DrmDriver: AnyObject {
  var name: String { get }
  /// `DRM_IOCTL_MODE_CREATE_DUMB`.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int)
  /// `DRM_IOCTL_MODE_MAP_DUMB`.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64
  /// `drm_driver.prime_fd_to_handle`, which only vmwgfx still sets; without it
  /// the ioctl runs the core's `drm_gem_prime_fd_to_handle`.
  func prime_fd_to_handle(_ file: DrmFile, _ fd: Int32, in process: Process) throws -> UInt32
  /// `drm_driver.gem_prime_import`: without it, `drm_gem_prime_fd_to_handle` calls
  /// `drm_gem_prime_import`, that is `drm_gem_prime_import_dev`.
  func gem_prime_import(_ dev: DrmDevice, _ dmabuf: dma_buf) throws -> drm_gem_object
  /// Whether the driver has `gem_prime_import_sg_table` at all.
  var importsSgTables: Bool { get }
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  /// `obj->funcs->mmap`: set up a userspace mapping of an object.
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws
  /// `obj->funcs->vmap`, for the exporter side.
  func vmap(_ obj: drm_gem_object) throws -> iosys_map
  /// The `dma_buf_ops` an export of `obj` gets (`gem_prime_export`).
  func exportOps(for obj: drm_gem_object) -> any dma_buf_ops
  /// `obj->funcs->free`: what goes with the object's last reference.
  func free_object(_ obj: drm_gem_object) throws
  /// `drm_driver.postclose`: the driver's per-file state goes with the file.
  func postclose(_ file: DrmFile)
  /// `DRIVER_RENDER`: the device has a render node (`/dev/dri/renderD*`).
  var hasRenderNode: Bool { get }
  /// `obj->funcs->get_sg_table`: the frames an export is made of.
  func get_sg_table(_ obj: drm_gem_object) throws -> [UInt64]
  /// `drm_driver.gem_prime_mmap` (until v6.6): the GEM helpers set it; qxl did not.
  var hasGemPrimeMmap: Bool { get }
  /// The `exp_name` of its exports: `KBUILD_MODNAME` of the file that fills
  /// `dma_buf_export_info`, `drm` for `drm_gem_prime_export`, the driver's own for a
  /// driver that exports itself (virtio-gpu's `virtgpu_gem_prime_export`).
  var exportName: String { get }
}

extension DrmDriver {
  /// `drm_gem_dumb_map_offset`: imported objects get `-EINVAL`.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64 {
    if obj.isImported { throw Errno.EINVAL("drm_gem_dumb_map_offset") }
    return dev.mmapOffset(for: obj)
  }

  func prime_fd_to_handle(_ file: DrmFile, _ fd: Int32, in process: Process) throws -> UInt32 {
    try drm_gem_prime_fd_to_handle(file, fd, in: process)
  }

  func gem_prime_import(_ dev: DrmDevice, _ dmabuf: dma_buf) throws -> drm_gem_object {
    try drm_gem_prime_import_dev(dev, dmabuf, dev.device)
  }

  var importsSgTables: Bool { true }

  func postclose(_ file: DrmFile) {}

  var hasRenderNode: Bool { false }

  var exportName: String { "drm" }

  /// `drm_gem_shmem_get_sg_table` for shmem objects.
  func get_sg_table(_ obj: drm_gem_object) throws -> [UInt64] {
    guard case .shmem(let frames) = obj.backing else { throw NotModelled(what: "exporting \(obj)") }
    return frames
  }

  var hasGemPrimeMmap: Bool { true }

  /// The helpers' `free`: an import is torn down with `drm_prime_gem_destroy`.
  func free_object(_ obj: drm_gem_object) throws { try drm_prime_gem_destroy(obj) }

  /// `drm_gem_prime_export`: the generic `drm_gem_prime_dmabuf_ops`.
  func exportOps(for obj: drm_gem_object) -> any dma_buf_ops { GemPrimeOps(obj: obj) }

  /// `drm_gem_shmem_vmap` for shmem objects: a kernel mapping of their frames.
  func vmap(_ obj: drm_gem_object) throws -> iosys_map {
    guard case .shmem(let frames) = obj.backing else { throw NotModelled(what: "vmap of \(obj)") }
    return iosys_map(vaddr: PhysicalMemory.vmallocBase &+ UInt64(obj.id) << 32, is_iomem: false, frames: frames)
  }
}

extension PhysicalMemory {
  /// `VMALLOC_START` with 4-level paging: where `vmap` mappings live.
  static let vmallocBase: UInt64 = 0xffff_c900_0000_0000
}
