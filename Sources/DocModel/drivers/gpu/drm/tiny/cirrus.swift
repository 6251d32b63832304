/// cirrus: QEMU's emulated Cirrus VGA, a tiny driver on the GEM shmem helpers
/// (`drivers/gpu/drm/tiny/cirrus.c`, `DRM_GEM_SHMEM_DRIVER_OPS`; `cirrus-qemu.c`
/// from v6.14). The importer a driver author should copy: a foreign buffer is
/// imported by its `sg_table` (`drm_gem_shmem_prime_import_sg_table`) until v6.16,
/// and from v6.17 only attached (`drm_gem_shmem_prime_import_no_map`, see
/// `KernelChange.shmemImportWithoutMap`); a mapping of the import is redirected to
/// the exporter by `drm_gem_shmem_mmap`.
final class CirrusDriver: DrmGemShmemDriver {
  let name = "cirrus"
}
