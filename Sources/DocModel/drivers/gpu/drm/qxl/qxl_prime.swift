/// qxl: QEMU's para-virtual QXL display, a TTM driver that shares no buffers with
/// other devices (`drivers/gpu/drm/qxl/qxl_prime.c`: "there should not be any other
/// driver for a virtual device that might share buffers with qxl").
///
/// It imports nothing: `qxl_gem_prime_import_sg_table` returns `-ENOSYS`, after the
/// core attached and mapped the foreign buffer. It exports, but no other device can
/// map the export: `qxl_gem_prime_get_sg_table` returns `-ENOSYS`. A CPU mapping of
/// the export went through `drm_driver.gem_prime_mmap`, which qxl has not had since
/// 7915d5612945 (v5.15): `-ENOSYS` until 0adec22702d4 (v6.6) sent it to the object's
/// own mmap (`drm_gem_ttm_mmap`).
///
/// Its buffer objects live in the device's memory or in system pages, through TTM;
/// the model gives them pages of their own, which is all userspace can tell.
final class QxlDriver: DrmDriver {
  let name = "qxl"

  /// `qxl_mode_dumb_create`: 16 or 32 bits per pixel only; pitch = width × bpp/8,
  /// size = pitch × height.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    guard bpp == 16 || bpp == 32 else { throw Errno.EINVAL("qxl_mode_dumb_create") }
    let pitch = width * ((bpp + 1) / 8)
    return (ShmemHelper.create(dev, size: pitch * height), pitch)
  }

  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    throw Errno.ENOSYS("qxl_gem_prime_import_sg_table")
  }

  /// `drm_gem_ttm_mmap` → `ttm_bo_mmap_obj`, which refuses a copy-on-write mapping;
  /// the faults then serve the object's pages.
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    if vma.isCow { throw Errno.EINVAL("ttm_bo_mmap_obj") }
    try ShmemHelper.mmap(obj, vma)
  }

  /// `qxl_gem_prime_get_sg_table`: no other device may map a qxl buffer.
  func get_sg_table(_ obj: drm_gem_object) throws -> [UInt64] { throw Errno.ENOSYS("qxl_gem_prime_get_sg_table") }

  /// Without `gem_prime_mmap` since 7915d5612945 (v5.15).
  let hasGemPrimeMmap = false
}
