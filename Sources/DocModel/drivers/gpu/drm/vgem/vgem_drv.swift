/// vgem: a virtual GEM device with shmem-backed objects, used by IGT as an
/// exporter and importer (`drivers/gpu/drm/vgem/vgem_drv.c`; shmem helpers since
/// v5.16). Its pages are ordinary `struct page`s, which is why importers that walk
/// pages "work" with vgem.
final class VgemDriver: DrmDriver {
  let name = "vgem"
  /// `DRIVER_RENDER`.
  let hasRenderNode = true

  /// `drm_gem_shmem_dumb_create`.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    try ShmemHelper.dumbCreate(dev, width: width, height: height, bpp: bpp)
  }

  /// `drm_gem_shmem_prime_import_sg_table`.
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    ShmemHelper.importSgTable(dev, attach, sgt)
  }

  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws { try ShmemHelper.mmap(obj, vma) }

  /// `vgem_postclose` → `vgem_fence_close`: the file's unsignalled fences are signalled.
  func postclose(_ file: DrmFile) { (file.driver_priv as? vgem_file)?.fences.signalAll() }
}
