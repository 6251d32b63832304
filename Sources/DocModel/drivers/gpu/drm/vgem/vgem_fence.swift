/// vgem's fences (`drivers/gpu/drm/vgem/vgem_fence.c`): userspace attaches a fence
/// to a buffer's reservation object and signals it later; a fence left alone
/// signals itself after `VGEM_FENCE_TIMEOUT` (10 s) of virtual time.
extension Process {
  /// `DRM_IOCTL_VGEM_FENCE_ATTACH`: flags other than `VGEM_FENCE_WRITE` or a
  /// non-zero pad → `-EINVAL`; unknown handle → `-ENOENT`; a conflicting unsignalled
  /// fence (any, for a write; a write, for a read) → `-EBUSY`. Returns the fence id.
  public func vgem_fence_attach(_ fd: Int32, _ handle: UInt32, _ flags: UInt32, pad: UInt32 = 0) throws -> UInt32 {
    try syscall("DRM_IOCTL_VGEM_FENCE_ATTACH", result: { "fence \($0)" }) {
      let file = try drmFile(fd)
      // Another driver has no ioctl at that number: `drm_ioctl` returns -EINVAL.
      guard file.dev.name == "vgem" else { throw Errno.EINVAL("drm_ioctl") }
      guard flags & ~VGEM_FENCE_WRITE == 0, pad == 0 else { throw Errno.EINVAL("vgem_fence_attach_ioctl") }
      guard let obj = file.handles[handle] else { throw Errno.ENOENT("vgem_fence_attach_ioctl") }
      let write = flags & VGEM_FENCE_WRITE != 0
      guard obj.resv.unsignaled(upTo: .rw(write: write)).isEmpty else { throw Errno.EBUSY("vgem_fence_attach_ioctl") }
      let fence = vgem_file.of(file).fences.create(kernel: kernel)
      obj.resv.add(fence.fence, usage: write ? .DMA_RESV_USAGE_WRITE : .DMA_RESV_USAGE_READ)
      return fence.id
    }
  }

  /// `DRM_IOCTL_VGEM_FENCE_SIGNAL`: flags ≠ 0 → `-EINVAL`; unknown or consumed id →
  /// `-ENOENT`; a fence that already timed out → `-ETIMEDOUT`.
  public func vgem_fence_signal(_ fd: Int32, _ fence: UInt32, flags: UInt32 = 0) throws {
    try syscall("DRM_IOCTL_VGEM_FENCE_SIGNAL") {
      let file = try drmFile(fd)
      guard file.dev.name == "vgem" else { throw Errno.EINVAL("drm_ioctl") }
      guard flags == 0 else { throw Errno.EINVAL("vgem_fence_signal_ioctl") }
      guard let found = vgem_file.of(file).fences.take(fence) else { throw Errno.ENOENT("vgem_fence_signal_ioctl") }
      if !found.signal() { throw Errno.ETIMEDOUT("vgem_fence_signal_ioctl") }
    }
  }
}

/// `struct vgem_file`: what vgem keeps per open file (`file->driver_priv`).
final class vgem_file {
  let fences = VgemFences()

  /// The file's state, made on first use (the kernel makes it in `vgem_open`).
  static func of(_ file: DrmFile) -> vgem_file {
    if let existing = file.driver_priv as? vgem_file { return existing }
    let made = vgem_file()
    file.driver_priv = made
    return made
  }
}

/// A vgem file's fence ids (`vfile->fence_idr`). Each fence has a context of its
/// own (`dma_fence_context_alloc(1)`) and seqno 1.
final class VgemFences {
  private var fences: [UInt32: dma_fence] = [:]
  private var nextID: UInt32 = 1

  static let timeout: UInt64 = 10_000_000_000

  func create(kernel: Kernel) -> (id: UInt32, fence: dma_fence) {
    let fence = dma_fence(context: kernel.nextFenceContext, seqno: 1, driver: "vgem")
    kernel.nextFenceContext += 1
    kernel.addTimer(after: Self.timeout) { [weak fence] in fence?.signal() }
    defer { nextID += 1 }
    fences[nextID] = fence
    return (nextID, fence)
  }

  func take(_ id: UInt32) -> dma_fence? { fences.removeValue(forKey: id) }

  /// `vgem_fence_close`: closing the file signals every fence it still holds.
  func signalAll() {
    for id in fences.keys.sorted() { fences[id]?.signal() }
    fences.removeAll()
  }
}
