/// One mainline commit whose behaviour the model reproduces from its first release on.
///
/// Every version-dependent branch in DocModel asks `version.has(change)` of one of
/// these, so the table below is the model's whole idea of history: the guide's
/// appendix "What changed when" prints it, and it cannot drift from what the model does.
public struct KernelChange: Hashable, Sendable {
  /// The commit's abbreviated id, 12 hex digits, as `git log --abbrev=12` prints it.
  public let commit: String
  /// The commit's subject line.
  public let subject: String
  /// The first mainline release that has it.
  public let release: KernelVersion
  /// Older release lines whose stable kernels the model stands for and that took it
  /// as a backport: the model's v6.1 is Debian 12's 6.1.192, which the real-kernel
  /// check boots.
  public let stable: Set<KernelVersion>
  /// The kernel file the behaviour lives in.
  public let file: String
  /// What it changed, as an importer sees it.
  public let effect: String

  init(
    commit: String, subject: String, release: KernelVersion, stable: Set<KernelVersion> = [], file: String,
    effect: String
  ) {
    self.commit = commit
    self.subject = subject
    self.release = release
    self.stable = stable
    self.file = file
    self.effect = effect
  }

  /// The commit's page in the kernel's git web view.
  public var url: String { "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=\(commit)" }
}

extension KernelChange {
  /// The table, oldest release first.
  public static let history: [KernelChange] = [
    dmaBufDebugOption, dmaBufLockingConvention, vmwgfxFixPrimeImportExport, oopsPrefix, drmGemPinTakesResv,
    dumpStackUID, vmwgfxExternalBuffers, vmwgfxPrimeWithExternalBuffers, virtioGPUGuestBlobImport,
    dmaBufNoMapOnAttach, amdgpuPinVRAMForPeers, amdgpuNoVRAMPinWithoutMoveNotify, dumpStackPreemptModel,
    x86DieWithoutPreempt, drmGemMapAttachTakesResv, dmaBufPagelessDebugCopy, drmGemPrimeMmapForAll,
    shmemRejectsCowMappings, shmemPinTakesResv, shmemImportWithoutMap,
  ].sorted { ($0.release, $0.commit) < ($1.release, $1.commit) }

  // MARK: - dma-buf core (drivers/dma-buf/)

  public static let dmaBufDebugOption = KernelChange(
    commit: "84335675f222", subject: "dma-buf: Add debug option", release: .v5_12, file: "drivers/dma-buf/dma-buf.c",
    effect: "CONFIG_DMABUF_DEBUG: mangle_sg_table XORs every page link an importer is handed with ~0xff and "
      + "restores it before unmap_dma_buf")
  public static let dmaBufLockingConvention = KernelChange(
    commit: "ae2e7f28a170", subject: "dma-buf: Document dynamic locking convention", release: .v6_2,
    file: "drivers/dma-buf/dma-buf.c",
    effect: "importers hold dmabuf->resv for map, unmap, pin, unpin, vmap and vunmap; the *_unlocked wrappers "
      + "take it (before, v6.1, the model has only the core's own calls: a static exporter mapped unlocked)")
  public static let dmaBufNoMapOnAttach = KernelChange(
    commit: "b72f66f22c0e", subject: "dma-buf: drop caching of sg_tables", release: .v6_15,
    file: "drivers/dma-buf/dma-buf.c",
    effect: "no mapping at attach, no cached attach->sgt: a static importer of a dynamic exporter is pinned "
      + "from map to unmap (dma_buf_pin_on_map), no longer from attach to detach")
  public static let dmaBufPagelessDebugCopy = KernelChange(
    commit: "51db5336e16d", subject: "dma-buf: improve sg_table debugging hack", release: .v7_0,
    file: "drivers/dma-buf/dma-buf.c",
    effect: "CONFIG_DMABUF_DEBUG hands importers a copy with DMA addresses only (NULL pages, CPU length 0); "
      + "the exporter's table stays intact")

  // MARK: - DRM core

  public static let drmGemPrimeMmapForAll = KernelChange(
    commit: "0adec22702d4", subject: "drm: Remove struct drm_driver.gem_prime_mmap", release: .v6_6,
    file: "drivers/gpu/drm/drm_prime.c",
    effect: "drm_gem_dmabuf_mmap calls drm_gem_prime_mmap for every driver; before, an export of a driver "
      + "without gem_prime_mmap (qxl) could not be mapped: -ENOSYS")
  public static let shmemPinTakesResv = KernelChange(
    commit: "21aa27ddc582", subject: "drm/shmem-helper: Switch to reservation lock", release: .v6_5,
    file: "drivers/gpu/drm/drm_gem_shmem_helper.c",
    effect: "drm_gem_shmem_pin takes the object's reservation lock (interruptibly); before, only its pages_lock, "
      + "and an importer attaching while holding dmabuf->resv blocked later, uninterruptibly, in "
      + "dma_buf_dynamic_attach's own dma_resv_lock")
  public static let shmemRejectsCowMappings = KernelChange(
    commit: "39bc27bd6880", subject: "drm/shmem-helper: Fix BUG_ON() on mmap(PROT_WRITE, MAP_PRIVATE)",
    release: .v6_10, stable: [.v6_1],
    file: "drivers/gpu/drm/drm_gem_shmem_helper.c",
    effect: "drm_gem_shmem_mmap refuses a MAP_PRIVATE mapping with -EINVAL (is_cow_mapping); before, its "
      + "first fault hit BUG_ON in vmf_insert_pfn_prot. Backported to 6.1.y in October 2024 (CVE-2024-39497); Debian's 6.1.192 refuses it"
  )
  public static let shmemImportWithoutMap = KernelChange(
    commit: "e7a1cbca0b42", subject: "drm/gem-shmem: Do not map s/g table by default", release: .v6_17,
    file: "include/drm/drm_gem_shmem_helper.h",
    effect: "DRM_GEM_SHMEM_DRIVER_OPS imports with drm_gem_shmem_prime_import_no_map (660cd44659a0, the same "
      + "release): it attaches and never maps, so vgem and cirrus hold no sg_table of an import; before, "
      + "drm_gem_prime_import_dev mapped it for drm_gem_shmem_prime_import_sg_table")
  public static let drmGemPinTakesResv = KernelChange(
    commit: "a78027847226", subject: "drm/gem: Acquire reservation lock in drm_gem_{pin/unpin}()", release: .v6_10,
    file: "drivers/gpu/drm/drm_gem.c",
    effect: "drm_gem_map_attach -> drm_gem_pin takes the object's (the dma-buf's) reservation lock "
      + "uninterruptibly; before, the shmem helpers' pin took it with dma_resv_lock_interruptible")
  public static let drmGemMapAttachTakesResv = KernelChange(
    commit: "df1c3093aee3", subject: "drm/gem: Inline drm_gem_pin() into PRIME helpers", release: .v6_17,
    file: "drivers/gpu/drm/drm_prime.c", effect: "drm_gem_map_attach takes the reservation lock itself")

  // MARK: - Drivers

  public static let vmwgfxFixPrimeImportExport = KernelChange(
    commit: "b32233acceff", subject: "drm/vmwgfx: Fix prime import/export", release: .v6_9,
    file: "drivers/gpu/drm/vmwgfx/vmwgfx_prime.c",
    effect: "vmw_prime_fd_to_handle falls back to drm_gem_prime_fd_to_handle when ttm_prime_fd_to_handle "
      + "refuses a foreign dma-buf (-ENOSYS); imports become TTM sg BOs with TTM_TT_FLAG_EXTERNAL_MAPPABLE and "
      + "ttm->pages NULL, so faulting their mmap oopses in ttm_bo_vm_fault_reserved")
  public static let vmwgfxExternalBuffers = KernelChange(
    commit: "12bed149a346", subject: "drm/vmwgfx: Add basic support for external buffers", release: .v6_11,
    file: "drivers/gpu/drm/vmwgfx/vmwgfx_gem.c",
    effect: "vmw_gem_mmap clears vm_private_data and vm_ops of an import and calls dma_buf_mmap")
  public static let vmwgfxPrimeWithExternalBuffers = KernelChange(
    commit: "50f119925091", subject: "drm/vmwgfx: Fix prime with external buffers", release: .v6_11,
    file: "drivers/gpu/drm/vmwgfx/vmwgfx_blit.c",
    effect: "vmw_bo_cpu_blit reads an import through dma_buf_vmap (map_external), not drm_prime_sg_to_page_array")
  public static let virtioGPUGuestBlobImport = KernelChange(
    commit: "ca77f27a2665", subject: "drm/virtio: Import prime buffers from other devices as guest blobs",
    release: .v6_14, file: "drivers/gpu/drm/virtio/virtgpu_prime.c",
    effect: "virtgpu_gem_prime_import attaches foreign buffers dynamically and sends their DMA addresses to "
      + "the host as a guest blob, if the host has resource_blob and virgl 3D is off; -ENODEV otherwise")
  public static let amdgpuPinVRAMForPeers = KernelChange(
    commit: "f5e7fabd1f5c", subject: "drm/amdgpu: allow pinning DMA-bufs into VRAM if all importers can do P2P",
    release: .v6_15, file: "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c",
    effect: "amdgpu_dma_buf_pin keeps VRAM when every attachment is peer-to-peer; before, it always pinned "
      + "in GTT")
  public static let amdgpuNoVRAMPinWithoutMoveNotify = KernelChange(
    commit: "5e56935b519b", subject: "drm/amdgpu: Don't pin VRAM without DMABUF_MOVE_NOTIFY", release: .v6_15,
    file: "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c",
    effect: "amdgpu_dma_buf_pin pins in GTT whenever CONFIG_DMABUF_MOVE_NOTIFY is off, whatever the importers "
      + "can reach")

  // MARK: - How the kernel prints an oops

  public static let oopsPrefix = KernelChange(
    commit: "f9f62a877da1", subject: "x86/dumpstack: Use uniform \"Oops: \" prefix for die() messages",
    release: .v6_10, file: "arch/x86/kernel/dumpstack.c", effect: "the die line of an oops starts with \"Oops: \"")
  public static let dumpStackUID = KernelChange(
    commit: "d2917ff19962", subject: "lib/dump_stack: report process UID in dump_stack_print_info()",
    release: .v6_11, file: "lib/dump_stack.c", effect: "the CPU line of a splat names the task's UID")
  public static let dumpStackPreemptModel = KernelChange(
    commit: "d167706f68ee", subject: "lib/dump_stack: Use preempt_model_str()", release: .v6_15,
    file: "lib/dump_stack.c", effect: "the CPU line ends with the preemption model, PREEMPT(voluntary)")
  public static let x86DieWithoutPreempt = KernelChange(
    commit: "96389cf36591", subject: "x86: Rely on generic printing of preemption model", release: .v6_15,
    file: "arch/x86/kernel/dumpstack.c", effect: "the die line no longer says PREEMPT")
}
