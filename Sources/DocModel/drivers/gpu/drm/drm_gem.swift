/// Where a GEM object's memory is.
enum GemBacking {
  /// shmem pages of its own (vgem, the shmem helpers): frames in order.
  case shmem([UInt64])
  /// Imported: the attachment and the table the exporter mapped for this device
  /// (nil while a dynamic importer has not mapped it yet, or after `move_notify`).
  case imported(dma_buf_attachment, sg_table?)
  /// Device memory (VRAM): frames of the device's own, reached through a BAR.
  case vram([UInt64])
}

/// `struct drm_gem_object`: a buffer a DRM driver knows by handle.
public final class drm_gem_object: CustomStringConvertible {
  let dev: DrmDevice
  public let size: Int
  var backing: GemBacking
  /// `obj->dma_buf`: set when exported or imported, cleared when the last handle
  /// goes (code must use `import_attach->dmabuf` instead, see fb4ef4a52b79).
  public internal(set) var dma_buf: dma_buf?
  public var import_attach: dma_buf_attachment? {
    if case .imported(let attach, _) = backing { attach } else { nil }
  }
  public internal(set) var refcount = 1
  var handle_count = 0
  /// The fake offset userspace passes to `mmap` (`drm_vma_node_offset_addr`).
  var mmapOffset: UInt64 = 0
  /// Driver-private state (TTM flags for vmwgfx BOs).
  var ttm: TTMState?
  /// `obj->resv`: its own, or for an import the exporter's (`dmabuf->resv`), so
  /// that reserving the importer's object is taking the dma-buf's lock.
  var resv: dma_resv
  /// A driver's own page array (`xen_obj->pages`), where it keeps one.
  var pages: [PagePointer]?
  /// Userspace mappings whose faults this object serves: what `drm_vma_node_unmap`
  /// zaps when the object moves (DRM exports share the device's address space,
  /// `dma_buf->file->f_mapping = dev->anon_inode->i_mapping`, so mmaps of the
  /// dma-buf are among them).
  var cpuMappings: [Weak<VMArea>] = []
  /// An import with no mapping (never mapped, or `move_notify` tore it down): map
  /// again before use.
  var needsRemap: Bool {
    if case .imported(_, nil) = backing { true } else { false }
  }
  let id: Int

  init(dev: DrmDevice, size: Int, backing: GemBacking) {
    self.dev = dev
    self.size = size
    self.backing = backing
    if case .imported(let attach, _) = backing {
      resv = attach.dmabuf.resv
    } else {
      resv = dma_resv(kernel: dev.kernel)
    }
    dev.nextObjectID += 1
    id = dev.nextObjectID
    dev.kernel.register(self)
  }

  public var description: String {
    "\(dev.name) GEM object \(id) (\(size) bytes\(import_attach == nil ? "" : ", imported"))"
  }
  public var isImported: Bool { import_attach != nil }
  var pageCount: Int { (size + 4095) / 4096 }
}

extension drm_gem_object {
  /// What a dynamic importer's `move_notify` does with its mapping: unmap it (the
  /// reservation lock is held), so that the next use maps the buffer where it now is.
  func dropImportMapping() {
    guard case .imported(let attach, let sgt?) = backing else { return }
    try? dma_buf_unmap_attachment(attach, sgt, .DMA_BIDIRECTIONAL)
    backing = .imported(attach, nil)
  }
}

/// `drm_gem_mmap_obj` (`drivers/gpu/drm/drm_gem.c`), and `drm_gem_prime_mmap`,
/// which does the same for a dma-buf's mmap: a reference for the mapping,
/// `vm_private_data = obj`, then the driver's mmap; the reference goes when that
/// fails, or later when the vma closes.
func drm_gem_mmap_obj(_ obj: drm_gem_object, _ vma: VMArea, _ mmap: () throws -> Void) throws {
  obj.refcount += 1
  vma.vm_private_data = obj
  do {
    try mmap()
  } catch {
    obj.refcount -= 1
    throw error
  }
  ShmemHelper.dropReferenceOnClose(obj, vma)
}

extension Process {
  /// `gem_close()`: `DRM_IOCTL_GEM_CLOSE`. The last handle of an exported object
  /// drops the export's reference (`obj->dma_buf` is cleared); the last reference
  /// of an import tears it down (`drm_prime_gem_destroy`).
  public func gem_close(_ fd: Int32, _ handle: UInt32) throws {
    try syscall("DRM_IOCTL_GEM_CLOSE") {
      let file = try drmFile(fd)
      guard file.handles[handle] != nil else { throw Errno.EINVAL("drm_gem_handle_delete") }
      try closeHandle(file, handle)
    }
  }

  /// `drm_gem_handle_delete`: the handle goes; the last handle of an exported or
  /// imported object drops the reference `obj->dma_buf` holds.
  func closeHandle(_ file: DrmFile, _ handle: UInt32) throws {
    guard let obj = file.handles.removeValue(forKey: handle) else { return }
    try file.removePrimeHandles(of: handle)
    obj.handle_count -= 1
    // The last handle drops the reference `obj->dma_buf` holds (export or import).
    if obj.handle_count == 0, let buffer = obj.dma_buf {
      obj.dma_buf = nil
      try buffer.release()
    }
    try drm_gem_object_put(obj)
  }
}

/// `drm_gem_object_put()`: the last reference frees the object through the
/// driver's `free` (an import is torn down with `drm_prime_gem_destroy`).
func drm_gem_object_put(_ obj: drm_gem_object) throws {
  obj.refcount -= 1
  guard obj.refcount == 0 else { return }
  try obj.dev.kernel.call("drm_gem_object_free", in: obj.dev.name) { () throws in try obj.dev.driver.free_object(obj) }
}

extension Process {
  /// `drm_gem_mmap`: finds the object by its fake offset (`-EINVAL` if none),
  /// `-EACCES` unless this file has a handle to it (`drm_vma_node_is_allowed`);
  /// `drm_gem_mmap_obj` refuses a vma larger than the object (`-EINVAL`), takes a
  /// reference and lets the driver set up the vma.
  func drm_gem_mmap(_ file: DrmFile, _ vma: VMArea, offset: UInt64) throws {
    try kernel.call("drm_gem_mmap", in: "drm") { () throws in
      guard let obj = file.dev.objectsByOffset[offset] else { throw Errno.EINVAL("drm_gem_mmap") }
      guard file.handles.values.contains(where: { $0 === obj }) else { throw Errno.EACCES("drm_gem_mmap") }
      guard vma.pageCount <= obj.pageCount else { throw Errno.EINVAL("drm_gem_mmap_obj") }
      vma.pgoff = 0
      try drm_gem_mmap_obj(obj, vma) {
        try kernel.call("drm_gem_mmap_obj", in: "drm") { () throws in try file.dev.driver.mmap(obj, vma) }
      }
    }
  }
}

extension DrmDevice {
  /// `drm_gem_create_mmap_offset` (the device's `vma_offset_manager`): a fake offset userspace passes to `mmap`.
  func mmapOffset(for obj: drm_gem_object) -> UInt64 {
    if obj.mmapOffset == 0 {
      obj.mmapOffset = nextOffset
      nextOffset += UInt64(obj.pageCount + 1) << 12
      objectsByOffset[obj.mmapOffset] = obj
    }
    return obj.mmapOffset
  }
}
