/// An importer driver written in a scenario: the PRIME import hooks of a DRM
/// driver. Load it with `kernel.load(.importer(driver))`, open its node from
/// userspace, import a buffer, map it, and the model judges it as the kernel would.
public protocol ImporterDriver: AnyObject {
  var name: String { get }
  /// Whether the driver's device sits behind an IOMMU (what its DMA addresses are).
  var hasIOMMU: Bool { get }
  /// `gem_prime_import_sg_table`: called by `drm_gem_prime_import_dev` after it
  /// attached and mapped; record what the device needs (DMA addresses).
  func gem_prime_import_sg_table(_ buffer: ImportedBuffer) throws
  /// `obj->funcs->mmap` for an imported buffer: how userspace mappings are served.
  func mmap(_ buffer: ImportedBuffer) throws -> ImporterMmap
  /// `obj->funcs->vmap` for an imported buffer: how the driver's own CPU access
  /// (a cursor copy, an fbdev blit) reaches the memory.
  func vmap(_ buffer: ImportedBuffer) throws -> ImporterVmap
}

extension ImporterDriver {
  public var hasIOMMU: Bool { false }
  public func vmap(_ buffer: ImportedBuffer) throws -> ImporterVmap { .dmaBufVmap }
}

/// The ways a driver can map an import for its own CPU access.
public enum ImporterVmap {
  /// `dma_buf_vmap` (as `drm_gem_shmem_vmap` does for imports): the exporter maps.
  case dmaBufVmap
  /// `vmap()` of a page array: rule 1 broken.
  case vmapPages([PagePointer])
}

/// The ways a driver can serve a userspace mapping of an import.
public enum ImporterMmap {
  /// Clear the vma's operations and `dma_buf_mmap(dmabuf, vma, 0)`: the exporter
  /// serves the faults (`drm_gem_shmem_mmap`, `vmw_gem_mmap` since v6.11).
  case redirectToExporter
  /// `vm_map_pages` of a page array (xen-front): rule 1 broken.
  case insertPages([PagePointer])
  /// Fault through TTM, with or without `TTM_TT_FLAG_EXTERNAL_MAPPABLE` (SIGBUS
  /// without; vmwgfx v6.10's NULL-pointer oops with).
  case ttm(externalMappable: Bool)
}

/// What a custom importer is given for one import.
public final class ImportedBuffer {
  public let attachment: dma_buf_attachment
  public let sgt: sg_table
  public let kernel: Kernel
  public var dmabuf: dma_buf { attachment.dmabuf }
  /// The driver's own records, filled by its hooks.
  public var pages: [PagePointer] = []
  public var dmaAddresses: [UInt64] = []

  init(attachment: dma_buf_attachment, sgt: sg_table, kernel: Kernel) {
    self.attachment = attachment
    self.sgt = sgt
    self.kernel = kernel
  }
}

extension DriverKind {
  /// A scenario's own importer driver.
  public static func importer(_ driver: any ImporterDriver) -> DriverKind { .custom(driver) }
}

/// Adapts a scenario's `ImporterDriver` to the DRM core: shmem objects of its own,
/// imports through its hooks.
final class CustomImporterAdapter: DrmDriver {
  let driver: any ImporterDriver
  private var buffers: [Int: ImportedBuffer] = [:]

  init(_ driver: any ImporterDriver) { self.driver = driver }

  var name: String { driver.name }

  func dumb_create(_ dev: DrmDevice, width: Int, height: Int, bpp: Int) throws -> (obj: drm_gem_object, pitch: Int) {
    ShmemHelper.dumbCreate(dev, width: width, height: height, bpp: bpp)
  }

  /// Custom importers map imports themselves; `MODE_MAP_DUMB` must not refuse them.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64 { dev.mmapOffset(for: obj) }

  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws
    -> drm_gem_object
  {
    let buffer = ImportedBuffer(attachment: attach, sgt: sgt, kernel: dev.kernel)
    try driver.gem_prime_import_sg_table(buffer)
    let obj = drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
    buffers[obj.id] = buffer
    return obj
  }

  /// The driver's CPU read of an object: `dma_buf_vmap` and `iosys_map_rd`, or a
  /// read through each page of a page array (`kmap_local_page`).
  func cpuRead(_ obj: drm_gem_object, count: Int) throws -> [UInt8] {
    let kernel = obj.dev.kernel
    guard let buffer = buffers[obj.id] else {
      let map = try vmap(obj)
      return try (0..<count).map { try kernel.iosys_map_rd(map, $0, UInt8.self) }
    }
    let plan = try kernel.call("\(name)_gem_vmap", in: name) { () throws in try driver.vmap(buffer) }
    switch plan {
    case .dmaBufVmap:
      let map = try dma_buf_vmap_unlocked(buffer.dmabuf)
      defer { try? dma_buf_vunmap_unlocked(buffer.dmabuf, map) }
      return try (0..<count).map { try kernel.iosys_map_rd(map, $0, UInt8.self) }
    case .vmapPages(let pages):
      var bytes: [UInt8] = []
      for page in pages where bytes.count < count {
        bytes += try kernel.read(
          kernelAddress: kernel.kmap_local_page(page), count: min(4096, count - bytes.count), in: "\(name)_gem_vmap")
      }
      return bytes
    }
  }

  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    guard let buffer = buffers[obj.id] else { return try ShmemHelper.mmap(obj, vma) }
    let kernel = obj.dev.kernel
    // The driver's mmap frame stays on the stack while the plan is carried out, as
    // the C function it stands for would be (`…_gem_mmap` → `vm_map_pages`).
    try kernel.call("\(name)_gem_mmap", in: name) { () throws in
      switch try driver.mmap(buffer) {
      case .redirectToExporter:
        try ShmemHelper.redirectToExporter(obj, buffer.attachment, vma)
      case .insertPages(let pages):
        try ShmemHelper.vm_map_pages(kernel, pages, vma, driver: name)
      case .ttm(let externalMappable):
        obj.ttm = TTMState(external: true, externalMappable: externalMappable, pages: nil)
        vma.vm_ops = TTM.faultOps(obj, driverFault: "ttm_bo_vm_fault", in: "ttm")
      }
    }
  }
}

extension Process {
  /// A custom importer's own CPU access to an object (what a cursor update or an
  /// fbdev damage blit does through `drm_gem_vmap`): the first `count` bytes, read
  /// the way the driver's `vmap` hook says.
  public func importer_cpu_read(_ fd: Int32, _ handle: UInt32, _ count: Int) throws -> [UInt8] {
    try syscall("DRM_IOCTL_MODE_DIRTYFB", result: { "\($0.count) bytes" }) {
      let (adapter, obj) = try driverObject(fd, handle, CustomImporterAdapter.self)
      return try adapter.cpuRead(obj, count: count)
    }
  }
}
