/// `drm_gem_prime_dmabuf_ops`: how a DRM driver exports a GEM object.
///
/// Kernel: `drivers/gpu/drm/drm_prime.c` — `drm_gem_map_attach` pins the object,
/// `drm_gem_map_dma_buf` builds the table from its pages (`drm_prime_pages_to_sg`)
/// and maps it for the importer's device, `drm_gem_dmabuf_mmap` and
/// `drm_gem_dmabuf_vmap` defer to the object's own hooks.
final class GemPrimeOps: dma_buf_ops {
  let obj: drm_gem_object
  init(obj: drm_gem_object) { self.obj = obj }

  var exporter: String { obj.dev.name }
  /// `drm_gem_prime_export`'s, unless the driver exports itself.
  var exp_name: String { obj.dev.driver.exportName }
  /// `drm_gem_prime_dmabuf_ops.cache_sgt_mapping = true` (removed in v6.15).
  var cache_sgt_mapping: Bool { true }

  /// `drm_gem_map_attach`: pins a shmem object (its pages stay). Before 21aa27ddc582
  /// (v6.5) `drm_gem_shmem_pin` took only the object's `pages_lock`; from it, the
  /// object's reservation lock, which is the dma-buf's: `drm_gem_shmem_pin` with
  /// `dma_resv_lock_interruptible`, from a78027847226 `drm_gem_pin` with
  /// `dma_resv_lock`, from df1c3093aee3 `drm_gem_map_attach` itself. A caller that
  /// already holds the lock deadlocks here, before the core takes it.
  func attach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws {
    guard case .shmem = obj.backing else { return }
    let kernel = obj.dev.kernel
    let version = kernel.version
    guard version.has(.shmemPinTakesResv) else {
      return try kernel.call("drm_gem_shmem_pin", in: exporter) {}  // under pages_lock: no wait on the resv
    }
    let lock = { () throws in
      try self.obj.resv.lock(process: kernel.currentProcess, interruptible: !version.has(.drmGemPinTakesResv))
      self.obj.resv.unlock()
    }
    if version.has(.drmGemMapAttachTakesResv) { return try lock() }
    try kernel.call(version.has(.drmGemPinTakesResv) ? "drm_gem_pin" : "drm_gem_shmem_pin", in: exporter, lock)
  }

  func symbol(for hook: String) -> String { Self.symbols[hook] ?? hook }

  /// `drm_gem_prime_dmabuf_ops` (`drivers/gpu/drm/drm_prime.c`).
  private static let symbols = [
    "attach": "drm_gem_map_attach", "detach": "drm_gem_map_detach", "map_dma_buf": "drm_gem_map_dma_buf",
    "unmap_dma_buf": "drm_gem_unmap_dma_buf", "mmap": "drm_gem_dmabuf_mmap", "vmap": "drm_gem_dmabuf_vmap",
    "vunmap": "drm_gem_dmabuf_vunmap", "release": "drm_gem_dmabuf_release",
  ]

  /// `drm_gem_map_dma_buf`: the object's pages (`obj->funcs->get_sg_table`), mapped
  /// for the importer's device.
  func map_dma_buf(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
    sg_table.fromFrames(try obj.dev.driver.get_sg_table(obj), kernel: obj.dev.kernel, mappedFor: attach.dev)
  }

  func unmap_dma_buf(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) {}

  /// `drm_gem_dmabuf_mmap` → `drm_gem_prime_mmap`: takes an object reference for
  /// the mapping, then the object's own mmap. Before 0adec22702d4 (v6.6) it went
  /// through `drm_driver.gem_prime_mmap`, and a driver without one (qxl) gave `-ENOSYS`.
  func mmap(_ dmabuf: dma_buf, _ vma: VMArea) throws {
    let dev = obj.dev
    guard dev.version.has(.drmGemPrimeMmapForAll) || dev.driver.hasGemPrimeMmap else {
      throw Errno.ENOSYS("drm_gem_dmabuf_mmap")
    }
    try drm_gem_mmap_obj(obj, vma) { try obj.dev.driver.mmap(obj, vma) }
  }

  func vmap(_ dmabuf: dma_buf) throws -> iosys_map { try obj.dev.driver.vmap(obj) }
  func vunmap(_ dmabuf: dma_buf, _ map: iosys_map) {}

  /// `drm_gem_dmabuf_release`: drops the object reference the export took.
  func release(_ dmabuf: dma_buf) { try? drm_gem_object_put(obj) }
}

/// `drm_gem_prime_fd_to_handle()`: the core's `PRIME_FD_TO_HANDLE`. `dma_buf_get`; a
/// buffer this file already knows gives its handle from the PRIME cache; anything
/// else is imported (the driver's `gem_prime_import`, or `drm_gem_prime_import_dev`),
/// gets a handle and joins the cache; the reference `dma_buf_get` took goes at the end.
///
/// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_gem_prime_fd_to_handle`.
func drm_gem_prime_fd_to_handle(_ file: DrmFile, _ fd: Int32, in process: Process) throws -> UInt32 {
  try file.dev.kernel.call("drm_gem_prime_fd_to_handle", in: "drm", result: { "handle \($0)" }) { () throws -> UInt32 in
    let buffer = try dma_buf_get(fd, in: process)
    let handle: UInt32
    do {
      handle = try lookupOrImport(buffer, into: file)
    } catch {
      try dma_buf_put(buffer)
      throw error
    }
    try dma_buf_put(buffer)
    return handle
  }
}

/// `drm_prime_lookup_buf_handle`, else the import proper and `drm_prime_add_buf_handle`.
private func lookupOrImport(_ buffer: dma_buf, into file: DrmFile) throws -> UInt32 {
  if let cached = file.primeHandles[ObjectIdentifier(buffer)] { return cached.handle }
  let obj = try file.dev.driver.gem_prime_import(file.dev, buffer)
  if obj.dma_buf == nil {
    obj.dma_buf = buffer
    buffer.retain()
  }
  let handle = file.createHandle(obj)
  file.addPrimeHandle(buffer, handle)
  return handle
}

/// `drm_gem_prime_import_dev()`: the generic import. A buffer this device exported
/// itself comes back as the same object (self-import); otherwise attach, keep a
/// reference, map, and let the driver wrap the table.
///
/// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_gem_prime_import_dev` (`-EINVAL`
/// without `gem_prime_import_sg_table`).
func drm_gem_prime_import_dev(_ dev: DrmDevice, _ dmabuf: dma_buf, _ dma_dev: Device) throws -> drm_gem_object {
  try dev.kernel.call("drm_gem_prime_import_dev", in: "drm", result: { $0.description }) {
    () throws -> drm_gem_object in
    if let prime = dmabuf.ops as? GemPrimeOps, prime.obj.dev === dev {
      prime.obj.refcount += 1
      return prime.obj
    }
    guard dev.driver.importsSgTables else { throw Errno.EINVAL("drm_gem_prime_import_dev") }
    let attach = try dma_buf_attach(dmabuf, dma_dev)
    get_dma_buf(dmabuf)
    let sgt: sg_table
    do {
      sgt = try coreMap(attach)
    } catch {
      try dma_buf_detach(dmabuf, attach)
      try dma_buf_put(dmabuf)
      throw error
    }
    do {
      return try dev.kernel.call("gem_prime_import_sg_table", in: dev.name) { () throws in
        try dev.driver.gem_prime_import_sg_table(dev, attach, sgt)
      }
    } catch {
      try coreUnmap(attach, sgt)
      try dma_buf_detach(dmabuf, attach)
      try dma_buf_put(dmabuf)
      throw error
    }
  }
}

/// How the core maps an attachment it made for an import: from the v6.2 locking
/// convention (the series of ae2e7f28a170, which moved `drm_gem_prime_import_dev`
/// to the `_unlocked` calls; that commit's own id was not looked up) with
/// `dma_buf_map_attachment_unlocked`, which takes the lock; before, with
/// `dma_buf_map_attachment`, which for an exporter that is not dynamic took none (the
/// v6.1 path the real-kernel check runs).
private func coreMap(_ attach: dma_buf_attachment) throws -> sg_table {
  let kernel = attach.dmabuf.kernel
  if kernel.version.has(.dmaBufLockingConvention) {
    return try dma_buf_map_attachment_unlocked(attach, .DMA_BIDIRECTIONAL)
  }
  guard !attach.dmabuf.ops.isDynamic else {
    throw NotModelled(what: "importing from a dynamic exporter before the v6.2 locking convention")
  }
  return try dma_buf_map_attachment(attach, .DMA_BIDIRECTIONAL, lockRule: false)
}

/// The teardown's counterpart of `coreMap`.
private func coreUnmap(_ attach: dma_buf_attachment, _ sgt: sg_table) throws {
  if attach.dmabuf.kernel.version.has(.dmaBufLockingConvention) {
    return try dma_buf_unmap_attachment_unlocked(attach, sgt, .DMA_BIDIRECTIONAL)
  }
  try dma_buf_unmap_attachment(attach, sgt, .DMA_BIDIRECTIONAL, lockRule: false)
}

/// `drm_prime_gem_destroy()`: an import's teardown, in the required order:
/// unmap, detach, put.
func drm_prime_gem_destroy(_ obj: drm_gem_object) throws {
  guard let attach = obj.import_attach, case .imported(_, let sgt) = obj.backing else { return }
  try obj.dev.kernel.call("drm_prime_gem_destroy", in: "drm") { () throws in
    if let sgt { try coreUnmap(attach, sgt) }
    try dma_buf_detach(attach.dmabuf, attach)
    try dma_buf_put(attach.dmabuf)
  }
}

/// `drm_prime_sg_to_page_array()` (deprecated): fills `pages` from the table's CPU
/// side with `for_each_sgtable_page`. Returns -1 after `WARN_ON` if `max_entries`
/// is too small, else 0.
///
/// On an imported table this is importer rule 1's violation: a shmem exporter's
/// pages come out right by accident; under `CONFIG_DMABUF_DEBUG` they are garbage
/// (XOR) or, with the page-less copy, the loop runs zero times and `pages` keeps
/// whatever it held. Kernel: `drivers/gpu/drm/drm_prime.c`.
public func drm_prime_sg_to_page_array(_ sgt: sg_table, _ pages: inout [PagePointer], _ max_entries: Int) throws
  -> Int32
{
  if let attach = sgt.importedBy {
    sgt.kernel.checkRule(
      "never touch the page side of an imported sg_table",
      "drm_prime_sg_to_page_array() on the sg_table of \(attach.dmabuf) mapped for \(attach.dev)")
  }
  return try fill(&pages, from: sgt.cpuPages(), max_entries, in: "drm_prime_sg_to_page_array", kernel: sgt.kernel)
}

/// `drm_prime_sg_to_dma_addr_array()`: the importer's correct walk, DMA side only.
/// `WARN_ON` and -1 if `max_entries` is too small.
public func drm_prime_sg_to_dma_addr_array(_ sgt: sg_table, _ addrs: inout [UInt64], _ max_entries: Int) throws -> Int32
{
  try fill(&addrs, from: sgt.dmaPages(), max_entries, in: "drm_prime_sg_to_dma_addr_array", kernel: sgt.kernel)
}

/// The loop both array helpers share: copy entries, `WARN_ON(p - pages >= max_entries)`.
private func fill<T>(_ array: inout [T], from entries: [T], _ max_entries: Int, in function: String, kernel: Kernel)
  throws -> Int32
{
  var filled = array
  let result = try kernel.call(function, in: "drm", result: { "\($0)" }) { () throws -> Int32 in
    for (index, entry) in entries.enumerated() {
      if index >= max_entries {
        try kernel.warn(at: "drivers/gpu/drm/drm_prime.c", in: function, process: kernel.currentProcess)
        return -1
      }
      if index < filled.count { filled[index] = entry } else { filled.append(entry) }
    }
    return 0
  }
  array = filled
  return result
}

extension Process {
  /// `DRM_IOCTL_PRIME_HANDLE_TO_FD`: flags other than `DRM_CLOEXEC | DRM_RDWR` →
  /// `-EINVAL`; unknown handle → `-ENOENT`. An object is exported once: the first
  /// export's `DRM_RDWR` fixes the file's access mode for every later fd. An imported
  /// object re-exports the original buffer.
  ///
  /// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_prime_handle_to_fd_ioctl`,
  /// `drm_gem_prime_handle_to_fd`.
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32, flags: PrimeFlags) throws -> Int32 {
    try syscall("DRM_IOCTL_PRIME_HANDLE_TO_FD", result: { "fd \($0)" }) {
      guard flags.rawValue & ~PrimeFlags([.DRM_CLOEXEC, .DRM_RDWR]).rawValue == 0 else {
        throw Errno.EINVAL("drm_prime_handle_to_fd_ioctl")
      }
      let file = try drmFile(fd)
      guard let obj = file.handles[handle] else { throw Errno.ENOENT("drm_gem_prime_handle_to_fd") }
      let buffer: dma_buf
      // A fresh export's file reference is the new fd's; any other fd takes one.
      var fresh = false
      if let attach = obj.import_attach {
        buffer = attach.dmabuf
      } else if let existing = obj.dma_buf {
        buffer = existing
      } else {
        fresh = true
        buffer = kernel.call("drm_gem_prime_export", in: file.dev.name) {
          dma_buf_export(
            kernel: kernel, ops: file.dev.driver.exportOps(for: obj), priv: obj, size: obj.size, resv: obj.resv,
            writable: flags.contains(.DRM_RDWR))
        }
        obj.refcount += 1
        obj.dma_buf = buffer
        buffer.retain()  // the reference obj->dma_buf holds, dropped with the last handle
      }
      if !fresh { buffer.retain() }
      file.addPrimeHandle(buffer, handle)
      return install(.dmabuf(buffer), cloexec: flags.contains(.DRM_CLOEXEC))
    }
  }

  /// `prime_fd_to_handle()`: `DRM_IOCTL_PRIME_FD_TO_HANDLE`. `drm_prime_fd_to_handle_ioctl`
  /// calls the driver's own `prime_fd_to_handle` where it has one (vmwgfx), else the
  /// core's `drm_gem_prime_fd_to_handle`.
  ///
  /// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_prime_fd_to_handle_ioctl`.
  public func prime_fd_to_handle(_ fd: Int32, _ dmabufFD: Int32) throws -> UInt32 {
    try syscall("DRM_IOCTL_PRIME_FD_TO_HANDLE", result: { "handle \($0)" }) {
      let file = try drmFile(fd)
      return try file.dev.driver.prime_fd_to_handle(file, dmabufFD, in: self)
    }
  }
}
