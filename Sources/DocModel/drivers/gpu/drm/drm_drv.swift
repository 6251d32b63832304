/// A loaded DRM driver and its device node (`struct drm_device`).
public final class DrmDevice: CustomStringConvertible {
  let kernel: Kernel
  public let name: String
  /// The version whose behaviour this driver has (the kernel's unless pinned).
  public let version: KernelVersion
  /// The `struct device` DMA mappings are made for.
  public let device: Device
  let driver: any DrmDriver
  var nextObjectID = 0
  var nextOffset: UInt64 = 0x1_0000_0000
  var objectsByOffset: [UInt64: drm_gem_object] = [:]

  init(kernel: Kernel, driver: any DrmDriver, device: Device, version: KernelVersion) {
    self.kernel = kernel
    self.name = driver.name
    self.driver = driver
    self.device = device
    self.version = version
  }

  public var description: String { "\(name) (\(version))" }
}
