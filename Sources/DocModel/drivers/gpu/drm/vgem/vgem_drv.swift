/// vgem: a virtual GEM device with shmem-backed objects, used by IGT as an
/// exporter and importer (`drivers/gpu/drm/vgem/vgem_drv.c`; shmem helpers since
/// v5.16). Its pages are ordinary `struct page`s, which is why importers that walk
/// pages "work" with vgem.
final class VgemDriver: DrmGemShmemDriver {
  let name = "vgem"
  /// `DRIVER_RENDER`.
  let hasRenderNode = true

  /// `vgem_postclose` → `vgem_fence_close`: the file's unsignalled fences are signalled.
  func postclose(_ file: DrmFile) { (file.driver_priv as? vgem_file)?.fences.signalAll() }
}
