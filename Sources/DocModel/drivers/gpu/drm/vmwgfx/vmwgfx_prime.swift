/// vmwgfx: VMware's virtual GPU, TTM-based, with no IOMMU and no GART of its own.
/// Its PRIME import history is the guide's seed case (`KernelChange` names each step):
///
/// - ≤ v6.8: `vmw_prime_fd_to_handle` is `ttm_prime_fd_to_handle`, which accepts
///   only dma-bufs with vmwgfx's own ops: a foreign dma-buf gets `-ENOSYS`.
/// - v6.9 and v6.10 (`.vmwgfxFixPrimeImportExport`, b32233acceff, in v6.9-rc5): on
///   any error `vmw_prime_fd_to_handle` falls back to `drm_gem_prime_fd_to_handle`;
///   `vmw_prime_import_sg_table` makes a `ttm_bo_type_sg` BO with
///   `TTM_TT_FLAG_EXTERNAL | TTM_TT_FLAG_EXTERNAL_MAPPABLE` whose tt holds only DMA
///   addresses. mmap goes through TTM: the first fault reads `ttm->pages`, which is
///   NULL, and oopses in `ttm_bo_vm_fault_reserved`.
/// - ≥ v6.11 (`.vmwgfxExternalBuffers`, 12bed149a346): `vmw_gem_mmap` redirects
///   imports to `dma_buf_mmap`; the blit reads them with `dma_buf_vmap`
///   (`.vmwgfxPrimeWithExternalBuffers`).
///
/// In every version `ttm_prime_fd_to_handle` returns `-ENOSYS` for a foreign buffer
/// without dropping the reference its `dma_buf_get` took: each foreign import
/// through vmwgfx leaks one file reference of the buffer, in every release up to
/// v7.0 (the fix, "drm/vmwgfx: drop dma_buf reference on foreign-fd prime import",
/// was posted in May 2026; its first mainline release is not confirmed).
final class VmwgfxDriver: DrmDriver {
  let name = "vmwgfx"
  /// `DRIVER_RENDER`.
  let hasRenderNode = true
  /// `exp_name` of its exports: its exports are made by `ttm_prime_handle_to_fd` (vmwgfx's `ttm_object.c`).
  let exportName = "vmwgfx"
  let version: KernelVersion

  init(version: KernelVersion) { self.version = version }

  /// `vmw_dumb_create`: a TTM BO in system memory with its own pages.
  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    let pitch = (width * bpp + 7) / 8
    let obj = ShmemHelper.create(dev, size: pitch * height)
    if case .shmem(let frames) = obj.backing {
      obj.ttm = TTMState(
        external: false, externalMappable: false,
        pages: frames.map { PagePointer(address: PhysicalMemory.page(ofFrame: $0)) })
    }
    return (obj, pitch)
  }

  /// `drm_gem_ttm_dumb_map_offset`: unlike the generic helper, no check for imports.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64 { dev.mmapOffset(for: obj) }

  /// `.gem_prime_import_sg_table` arrived with the fallback import.
  var importsSgTables: Bool { version.has(.vmwgfxFixPrimeImportExport) }

  /// `vmw_prime_fd_to_handle` (`vmwgfx_prime.c`): `ttm_prime_fd_to_handle`, and
  /// from b32233acceff, on any error, `drm_gem_prime_fd_to_handle`.
  func prime_fd_to_handle(_ file: DrmFile, _ fd: Int32, in process: Process) throws -> UInt32 {
    try file.dev.kernel.call("vmw_prime_fd_to_handle", in: name, result: { "handle \($0)" }) { () throws -> UInt32 in
      do {
        return try ttm_prime_fd_to_handle(file, fd, in: process)
      } catch is Errno where version.has(.vmwgfxFixPrimeImportExport) {
        return try drm_gem_prime_fd_to_handle(file, fd, in: process)
      }
    }
  }

  /// `ttm_prime_fd_to_handle` (`vmwgfx/ttm_object.c`): `dma_buf_get`, then
  /// `if (dma_buf->ops != &tdev->ops) return -ENOSYS;` with no `dma_buf_put`, so the
  /// reference stays. vmwgfx's own exports carried `tdev->ops` until b32233acceff,
  /// which exports dumb buffers through GEM PRIME instead (those come back through
  /// the fallback, as a self-import).
  private func ttm_prime_fd_to_handle(_ file: DrmFile, _ fd: Int32, in process: Process) throws -> UInt32 {
    try file.dev.kernel.call("ttm_prime_fd_to_handle", in: "ttm_object", result: { "handle \($0)" }) {
      () throws -> UInt32 in
      let buffer = try dma_buf_get(fd, in: process)
      guard !version.has(.vmwgfxFixPrimeImportExport), let prime = buffer.ops as? GemPrimeOps,
        prime.obj.dev === file.dev
      else {
        file.dev.kernel.leaked.append(buffer)
        throw Errno.ENOSYS("ttm_prime_fd_to_handle")
      }
      defer { try? dma_buf_put(buffer) }
      if let (handle, _) = file.handles.first(where: { $0.value === prime.obj }) { return handle }
      prime.obj.refcount += 1
      return file.createHandle(prime.obj)
    }
  }

  /// `vmw_prime_import_sg_table`: an sg BO sharing the exporter's reservation
  /// object, tt flags `EXTERNAL | EXTERNAL_MAPPABLE`, `ttm->pages` NULL.
  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    let obj = drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
    obj.ttm = TTMState(external: true, externalMappable: true, pages: nil)
    return obj
  }

  /// `vmw_gem_mmap`: from v6.11 imports are redirected to the exporter as the shmem
  /// helpers do; before, every object is faulted through TTM (`vmw_vm_ops`).
  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    try obj.dev.kernel.call("vmw_gem_mmap", in: "vmwgfx") { () throws in
      if version.has(.vmwgfxExternalBuffers), let attach = obj.import_attach {
        return try ShmemHelper.redirectToExporter(obj, attach, vma)
      }
      vma.vm_ops = TTM.faultOps(obj, driverFault: "vmw_bo_vm_fault", in: "vmwgfx")
    }
  }
}

extension Process {
  /// The CPU blit vmwgfx's display units run (`vmw_bo_cpu_blit`) when a framebuffer
  /// backed by `handle` is presented (a DIRTYFB on a screen target); returns the
  /// first `count` bytes that reach the screen. The model has no KMS ioctls, so
  /// this call stands for the whole present.
  ///
  /// - v6.9 and v6.10: the source pages come from `drm_prime_sg_to_page_array` on the
  ///   import's table, then `kmap_local_page`: right by accident with vgem, a
  ///   general protection fault under `CONFIG_DMABUF_DEBUG`.
  /// - ≥ v6.11 ("drm/vmwgfx: Fix prime with external buffers"): `dma_buf_vmap`
  ///   through `map_external`, with the BO reserved.
  public func vmw_cpu_blit_to_screen(_ fd: Int32, _ handle: UInt32, _ count: Int) throws -> [UInt8] {
    try syscall("DRM_IOCTL_MODE_DIRTYFB", result: { "\($0.count) bytes" }) {
      let (driver, obj) = try driverObject(fd, handle, VmwgfxDriver.self)
      return try kernel.call("vmw_bo_cpu_blit", in: "vmwgfx") { () throws -> [UInt8] in
        guard case .imported(let attach, let mapped) = obj.backing else {
          guard case .shmem(let frames) = obj.backing else { throw NotModelled(what: "blits from \(obj)") }
          return (0..<count).map { kernel.memory.read(pfn: frames[$0 / 4096], offset: $0 % 4096, count: 1)[0] }
        }
        if driver.version.has(.vmwgfxPrimeWithExternalBuffers) {
          // The BO is reserved (its resv is the dma-buf's) around `map_external`,
          // which uses `dma_buf_vmap` and then `map->vaddr` directly.
          try dma_resv_lock(attach.dmabuf.resv)
          defer { attach.dmabuf.resv.unlock() }
          let map: iosys_map
          do {
            map = try kernel.call("map_external", in: "vmwgfx") { () throws in try dma_buf_vmap(attach.dmabuf) }
          } catch {
            kernel.printk("[drm:map_external [vmwgfx]] Wasn't able to map external bo!")
            throw Errno.ENOMEM("vmw_bo_cpu_blit")
          }
          defer { try? dma_buf_vunmap(attach.dmabuf, map) }
          return try (0..<count).map { try kernel.iosys_map_rd(map, $0, UInt8.self) }
        }
        guard let sgt = mapped else { throw NotModelled(what: "blits from an unmapped import") }
        var pages = Array(repeating: PagePointer(address: 0x6b6b_6b6b_6b6b_6b6b), count: obj.pageCount)
        _ = try drm_prime_sg_to_page_array(sgt, &pages, obj.pageCount)
        var bytes: [UInt8] = []
        for page in pages where bytes.count < count {
          let vaddr = kernel.kmap_local_page(page)
          bytes += try kernel.read(kernelAddress: vaddr, count: min(4096, count - bytes.count), in: "vmw_bo_cpu_blit")
        }
        return bytes
      }
    }
  }
}
