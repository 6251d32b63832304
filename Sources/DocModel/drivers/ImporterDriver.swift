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
}

extension ImporterDriver {
  public var hasIOMMU: Bool { false }
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
  public unowned let kernel: Kernel
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
    guard width > 0, height > 0, bpp > 0 else { throw Errno.EINVAL("drm_mode_create_dumb") }
    let pitch = (width * bpp + 7) / 8
    return (ShmemHelper.create(dev, size: pitch * height), pitch)
  }

  /// Custom importers map imports themselves; `MODE_MAP_DUMB` must not refuse them.
  func dumb_map_offset(_ dev: DrmDevice, _ obj: drm_gem_object) throws -> UInt64 { dev.mmapOffset(for: obj) }

  func gem_prime_import_sg_table(_ dev: DrmDevice, _ attach: dma_buf_attachment, _ sgt: sg_table) throws -> drm_gem_object {
    let buffer = ImportedBuffer(attachment: attach, sgt: sgt, kernel: dev.kernel)
    try driver.gem_prime_import_sg_table(buffer)
    let obj = drm_gem_object(dev: dev, size: attach.dmabuf.size, backing: .imported(attach, sgt))
    buffers[obj.id] = buffer
    return obj
  }

  func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    guard let buffer = buffers[obj.id] else { return try ShmemHelper.mmap(obj, vma) }
    let kernel = obj.dev.kernel
    let plan = try kernel.call("\(name)_gem_mmap", in: name) { () throws in try driver.mmap(buffer) }
    switch plan {
    case .redirectToExporter:
      try ShmemHelper.redirectToExporter(obj, buffer.attachment, vma)
    case .insertPages(let pages):
      try ShmemHelper.vm_map_pages(kernel, pages, vma, driver: name)
    case .ttm(let externalMappable):
      obj.ttm = TTMState(external: true, externalMappable: externalMappable, pages: nil)
      vma.vm_ops = VMOperations(name: "ttm_bo_vm_fault") { vma, pageOffset in
        try kernel.call("ttm_bo_vm_fault", in: "ttm") { () throws -> VMFault in
          if let refused = TTM.vm_reserve(obj) { return refused }
          return try TTM.vm_fault_reserved(obj, pageOffset: vma.pgoff + pageOffset)
        }
      }
    }
  }
}
