/// cirrus: QEMU's emulated Cirrus VGA, a tiny driver on the GEM shmem helpers
/// (`drivers/gpu/drm/tiny/cirrus.c`, `DRM_GEM_SHMEM_DRIVER_OPS`; `cirrus-qemu.c`
/// from v6.14). The importer a driver author should copy: a foreign buffer is
/// imported by its `sg_table` (`drm_gem_shmem_prime_import_sg_table`), and a mapping
/// of the import is redirected to the exporter by `drm_gem_shmem_mmap`.
final class CirrusDriver: DrmDriver {
  let name = "cirrus"

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
}
