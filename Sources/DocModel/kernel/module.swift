/// Which drivers a kernel can load (as `modprobe` would), each at the version a
/// scenario asks for. The DRM core knows none of them by name: each registers a
/// `drm_device` with its `drm_driver` hooks when loaded.
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
  /// cirrus: QEMU's Cirrus VGA on the GEM shmem helpers; imports by `sg_table` and
  /// redirects a mapping of an import to the exporter.
  case cirrus
  /// qxl: QEMU's QXL display, a TTM driver that refuses imports (`-ENOSYS`) and
  /// whose exports no other device can map.
  case qxl
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
    case .cirrus:
      device = DrmDevice(
        kernel: self, driver: CirrusDriver(),
        device: Device(name: "0000:00:03.0 (cirrus)", hasIOMMU: false, pci: .rootPort()),
        version: version)
    case .qxl:
      device = DrmDevice(
        kernel: self, driver: QxlDriver(),
        device: Device(name: "0000:00:04.0 (qxl)", hasIOMMU: false, pci: .rootPort()),
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
