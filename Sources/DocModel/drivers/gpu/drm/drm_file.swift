/// `struct drm_file`: one open of a device node, with its handles and its PRIME
/// cache (one handle per dma-buf per file).
final class DrmFile {
  let dev: DrmDevice
  var handles: [UInt32: drm_gem_object] = [:]
  /// `drm_prime_file_private`: dma-buf → handle.
  var primeHandles: [ObjectIdentifier: (dmabuf: dma_buf, handle: UInt32)] = [:]
  /// `file->driver_priv`: the driver's own per-file state (vgem's fence ids).
  var driver_priv: AnyObject?

  /// Opened through the render node (`drm_is_render_client`).
  let isRender: Bool

  init(dev: DrmDevice, render: Bool = false) {
    self.dev = dev
    self.isRender = render
  }

  /// `drm_ioctl_permit` (`drivers/gpu/drm/drm_ioctl.c`) for an ioctl without
  /// `DRM_RENDER_ALLOW` in `drm_ioctls[]` (the dumb-buffer ones; PRIME, `GEM_CLOSE` and
  /// vgem's fence ioctls have it): `-EACCES` for a render client. The model's
  /// processes, like the real-kernel guest's, run as root, which passes `DRM_AUTH`
  /// (`capable(CAP_SYS_ADMIN)`); master-only ioctls are not modelled.
  func refuseRenderClient() throws {
    if isRender { throw Errno.EACCES("drm_ioctl_permit") }
  }

  /// `drm_prime_add_buf_handle` (`drivers/gpu/drm/drm_prime.c`): the cache entry holds a reference to the buffer's
  /// file (`get_dma_buf`), which is why fdinfo counts it.
  func addPrimeHandle(_ buffer: dma_buf, _ handle: UInt32) {
    guard primeHandles[ObjectIdentifier(buffer)] == nil else { return }
    buffer.retain()
    primeHandles[ObjectIdentifier(buffer)] = (buffer, handle)
  }

  /// `drm_prime_remove_buf_handle`: the entries of `handle` go, each with its reference.
  func removePrimeHandles(of handle: UInt32) throws {
    for (key, entry) in primeHandles where entry.handle == handle {
      primeHandles[key] = nil
      try entry.dmabuf.release()
    }
  }

  /// `drm_gem_handle_create_tail`: `idr_alloc(&file_priv->object_idr, obj, 1, 0, …)`
  /// hands out the lowest free number from 1, so a closed handle's number is the
  /// next one given out (which is what makes handle-reuse races possible).
  func createHandle(_ obj: drm_gem_object) -> UInt32 {
    var handle: UInt32 = 1
    while handles[handle] != nil { handle += 1 }
    handles[handle] = obj
    obj.handle_count += 1
    return handle
  }
}

extension Process {
  /// `drm_open_driver()`: opens the device node.
  public func drm_open_driver(_ device: DrmDevice) throws -> Int32 {
    try syscall("open(/dev/dri/\(device.name))", result: { "fd \($0)" }) { install(.drm(DrmFile(dev: device))) }
  }
  /// `drm_open_driver_render()`: opens the device's render node, which only drivers
  /// with `DRIVER_RENDER` have (`-ENOENT` otherwise: there is no such node).
  public func drm_open_driver_render(_ device: DrmDevice) throws -> Int32 {
    try syscall("open(render node of \(device.name))", result: { "fd \($0)" }) {
      guard device.driver.hasRenderNode else { throw Errno.ENOENT("open") }
      return install(.drm(DrmFile(dev: device, render: true)))
    }
  }

}

/// `drm_release` → `drm_file_free`: the file's handles go (`drm_gem_release`), then
/// the driver's `postclose` (vgem signals the fences the file still holds).
/// Kernel: `drivers/gpu/drm/drm_file.c`.
func drm_release(_ file: DrmFile, in process: Process) throws {
  for handle in file.handles.keys.sorted() { try process.closeHandle(file, handle) }
  file.dev.driver.postclose(file)
}
