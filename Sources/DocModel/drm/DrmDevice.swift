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
  private var nextOffset: UInt64 = 0x1_0000_0000
  var objectsByOffset: [UInt64: drm_gem_object] = [:]

  init(kernel: Kernel, driver: any DrmDriver, device: Device, version: KernelVersion) {
    self.kernel = kernel
    self.name = driver.name
    self.driver = driver
    self.device = device
    self.version = version
  }

  public var description: String { "\(name) (\(version))" }

  /// `drm_gem_create_mmap_offset`: a fake offset userspace passes to `mmap`.
  func mmapOffset(for obj: drm_gem_object) -> UInt64 {
    if obj.mmapOffset == 0 {
      obj.mmapOffset = nextOffset
      nextOffset += UInt64(obj.pageCount + 1) << 12
      objectsByOffset[obj.mmapOffset] = obj
    }
    return obj.mmapOffset
  }
}

/// `struct drm_file`: one open of a device node, with its handles and its PRIME
/// cache (one handle per dma-buf per file).
final class DrmFile {
  let dev: DrmDevice
  var handles: [UInt32: drm_gem_object] = [:]
  private var nextHandle: UInt32 = 1
  /// `drm_prime_file_private`: dma-buf → handle.
  var primeHandles: [ObjectIdentifier: (dmabuf: dma_buf, handle: UInt32)] = [:]
  /// vgem's per-file fences.
  let vgemFences = VgemFences()

  init(dev: DrmDevice) { self.dev = dev }

  /// `drm_gem_handle_create_tail`.
  func createHandle(_ obj: drm_gem_object) -> UInt32 {
    defer { nextHandle += 1 }
    handles[nextHandle] = obj
    obj.handle_count += 1
    return nextHandle
  }
}

/// Which drivers a kernel can load, each at the version a scenario asks for.
public enum DriverKind {
  /// vgem: virtual GEM, shmem-backed; exporter and importer; fences for tests.
  case vgem
  /// vmwgfx: VMware's SVGA, TTM-based, no IOMMU. Import behaviour by version:
  /// ≤ v6.9 refuses foreign buffers, v6.10 faults them through TTM, ≥ v6.11
  /// redirects to the exporter.
  case vmwgfx(KernelVersion? = nil)
  /// xen-front: Xen's para-virtual display; imports by page array.
  case xenFront
  /// virtio-gpu: ≤ v6.13 refuses foreign buffers with `-ENODEV`; ≥ v6.14 imports
  /// them dynamically, by DMA address.
  case virtioGPU(KernelVersion? = nil)
  /// A GPU with VRAM and an IOMMU, shaped after amdgpu: a dynamic exporter and
  /// importer, peer-to-peer when allowed.
  case hardwareGPU
  /// A scenario's own importer (`DriverKind.importer(_:)`).
  case custom(any ImporterDriver)

  public static var vmwgfx: DriverKind { .vmwgfx(nil) }
  public static var virtioGPU: DriverKind { .virtioGPU(nil) }
}

extension Kernel {
  /// Loads a driver: a device node userspace can open.
  public func load(_ kind: DriverKind) -> DrmDevice {
    let device: DrmDevice
    switch kind {
    case .vgem:
      device = DrmDevice(kernel: self, driver: VgemDriver(), device: Device(name: "vgem", hasIOMMU: false), version: version)
    case .vmwgfx(let pinned):
      let version = pinned ?? self.version
      device = DrmDevice(
        kernel: self, driver: VmwgfxDriver(version: version), device: Device(name: "0000:00:0f.0 (vmwgfx)", hasIOMMU: false),
        version: version)
    case .xenFront:
      device = DrmDevice(kernel: self, driver: XenFrontDriver(), device: Device(name: "xen-drm-front", hasIOMMU: false), version: version)
    case .hardwareGPU:
      device = DrmDevice(
        kernel: self, driver: AmdgpuDriver(), device: Device(name: "0000:03:00.0 (amdgpu)", hasIOMMU: true),
        version: version)
    case .custom(let driver):
      device = DrmDevice(
        kernel: self, driver: CustomImporterAdapter(driver), device: Device(name: driver.name, hasIOMMU: driver.hasIOMMU),
        version: version)
    case .virtioGPU(let pinned):
      let version = pinned ?? self.version
      device = DrmDevice(
        kernel: self, driver: VirtioGPUDriver(version: version), device: Device(name: "0000:00:02.0 (virtio_gpu)", hasIOMMU: false),
        version: version)
    }
    printk("[drm] Initialized \(device.name) for \(device.device) on minor \(loadedDevices)")
    loadedDevices += 1
    return device
  }
}
