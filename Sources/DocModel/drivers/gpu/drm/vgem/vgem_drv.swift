/// vgem: a virtual GEM device with shmem-backed objects, used by IGT as an
/// exporter and importer (`drivers/gpu/drm/vgem/vgem_drv.c`; shmem helpers since
/// v5.16). Its pages are ordinary `struct page`s, which is why importers that walk
/// pages "work" with vgem.
final class VgemDriver: DrmDriver {
  let name = "vgem"
  /// `DRIVER_RENDER`.
  let hasRenderNode = true

  /// `drm_gem_shmem_dumb_create`: pitch = width × bpp/8 rounded up; size = pitch × height.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    guard width > 0, height > 0, bpp > 0 else { throw Errno.EINVAL("drm_mode_create_dumb") }
    let pitch = (width * bpp + 7) / 8
    return (ShmemHelper.create(dev, size: pitch * height), pitch)
  }

  /// `drm_gem_shmem_prime_import_sg_table`: keeps the table; mmap and vmap go to
  /// the exporter.
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
  }

  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws { try ShmemHelper.mmap(obj, vma) }

  /// `vgem_postclose` → `vgem_fence_close`: the file's unsignalled fences are signalled.
  func postclose(_ file: DrmFile) { (file.driver_priv as? vgem_file)?.fences.signalAll() }
}
