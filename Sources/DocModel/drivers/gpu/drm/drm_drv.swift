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

/// Which drivers a kernel can load, each at the version a scenario asks for.
public enum DriverKind {
  /// vgem: virtual GEM, shmem-backed; exporter and importer; fences for tests.
  case vgem
  /// vmwgfx: VMware's SVGA, TTM-based, no IOMMU. Import behaviour by version:
  /// ≤ v6.8 refuses foreign buffers, v6.9 and v6.10 fault them through TTM, ≥ v6.11
  /// redirect to the exporter.
  case vmwgfx(KernelVersion? = nil)
  /// xen-front: Xen's para-virtual display; imports by page array.
  case xenFront
  /// virtio-gpu: ≤ v6.13 refuses foreign buffers with `-ENODEV`; ≥ v6.14 imports
  /// them dynamically, by DMA address, if the host offers what the import needs
  /// (`features`, fixed when the device is created, as QEMU's `-device` options are).
  case virtioGPU(KernelVersion? = nil, features: Set<VirtioGPUFeature> = [])
  /// A GPU with VRAM and an IOMMU, shaped after amdgpu: a dynamic exporter and
  /// importer, peer-to-peer where the PCI topology allows it (`pci_p2pdma_distance`).
  case amdgpu(PCIPlacement)
  /// A scenario's own importer (`DriverKind.importer(_:)`).
  case custom(any ImporterDriver)

  public static var vmwgfx: DriverKind { .vmwgfx(nil) }
  /// A GPU in a slot on a root port of host bridge 0.
  public static var amdgpu: DriverKind { .amdgpu(.rootPort()) }
  public static var virtioGPU: DriverKind { .virtioGPU(nil) }
}

extension Kernel {
  /// Loads a driver: a device node userspace can open.
  public func load(_ kind: DriverKind) -> DrmDevice {
    let device: DrmDevice
    switch kind {
    case .vgem:
      device = DrmDevice(
        kernel: self, driver: VgemDriver(), device: Device(name: "vgem", hasIOMMU: false), version: version)
    case .vmwgfx(let pinned):
      let version = pinned ?? self.version
      device = DrmDevice(
        kernel: self, driver: VmwgfxDriver(version: version),
        device: Device(name: "0000:00:0f.0 (vmwgfx)", hasIOMMU: false, pci: .rootPort()),
        version: version)
    case .xenFront:
      device = DrmDevice(
        kernel: self, driver: XenFrontDriver(), device: Device(name: "xen-drm-front", hasIOMMU: false), version: version
      )
    case .amdgpu(let slot):
      device = DrmDevice(
        kernel: self, driver: AmdgpuDriver(), device: Device(name: "0000:03:00.0 (amdgpu)", hasIOMMU: true, pci: slot),
        version: version)
    case .custom(let driver):
      device = DrmDevice(
        kernel: self, driver: CustomImporterAdapter(driver),
        device: Device(name: driver.name, hasIOMMU: driver.hasIOMMU),
        version: version)
    case .virtioGPU(let pinned, let features):
      let version = pinned ?? self.version
      device = DrmDevice(
        kernel: self, driver: VirtioGPUDriver(version: version, features: features),
        device: Device(name: "0000:00:02.0 (virtio_gpu)", hasIOMMU: false, pci: .rootPort()),
        version: version)
    }
    printk("[drm] Initialized \(device.name) for \(device.device) on minor \(loadedDevices)")
    loadedDevices += 1
    return device
  }
}
