/// `struct dma_buf`: a buffer shared between drivers, alive as long as its file.
///
/// Kernel: `include/linux/dma-buf.h`, `drivers/dma-buf/dma-buf.c`.
public final class dma_buf: CustomStringConvertible {
  let kernel: Kernel
  /// Fixed for the buffer's lifetime; every mmap and vmap bound check uses it.
  public let size: Int
  /// `dmabuf->exp_name`, as fdinfo prints it (`drm` for every GEM export).
  public var exp_name: String { ops.exp_name }
  /// `dmabuf->name`, set from userspace with `DMA_BUF_SET_NAME`.
  public internal(set) var name: String?
  /// The exporting driver, as traces name it.
  var exporter: String { ops.exporter }
  let ops: any dma_buf_ops
  /// The exporter's object (`priv`).
  let priv: AnyObject
  public let resv: dma_resv
  /// `file_count(dmabuf->file)`: references from fds, mappings, importers.
  public private(set) var file_count = 1
  /// Access mode fixed at export (`O_RDWR` or `O_RDONLY`).
  public let writable: Bool
  public internal(set) var attachments: [dma_buf_attachment] = []
  public internal(set) var vmapping_counter = 0
  var vmap_ptr: iosys_map?
  public private(set) var released = false
  let inode: Int

  init(kernel: Kernel, ops: any dma_buf_ops, priv: AnyObject, size: Int, resv: dma_resv?, writable: Bool) {
    self.kernel = kernel
    self.ops = ops
    self.priv = priv
    self.size = size
    self.resv = resv ?? dma_resv(kernel: kernel)
    self.writable = writable
    kernel.nextInode += 1
    inode = kernel.nextInode
    kernel.register(self)
  }

  public var description: String { "dma_buf \(inode) (\(exporter), \(size) bytes)" }
}

/// `dma_buf_export()`: wraps an exporter's object in a dma-buf file.
func dma_buf_export(
  kernel: Kernel, ops: any dma_buf_ops, priv: AnyObject, size: Int, resv: dma_resv?, writable: Bool
) -> dma_buf {
  kernel.call("dma_buf_export", in: "dma-buf") {
    dma_buf(kernel: kernel, ops: ops, priv: priv, size: size, resv: resv, writable: writable)
  }
}

/// `get_dma_buf()`: takes a file reference.
public func get_dma_buf(_ dmabuf: dma_buf) {
  dmabuf.kernel.call("get_dma_buf", in: "dma-buf") { dmabuf.retain() }
}

/// `dma_buf_put()`: drops a file reference; the last one releases the buffer.
public func dma_buf_put(_ dmabuf: dma_buf) throws {
  try dmabuf.kernel.call("dma_buf_put", in: "dma-buf") { () throws in try dmabuf.release() }
}

extension dma_buf {
  func retain() { file_count += 1 }

  /// Calls one of the exporter's `dma_buf_ops`: traced as the hook, named in a
  /// `Call Trace:` as the exporter's function.
  func op<T, E: Error>(_ hook: String, _ body: () throws(E) -> T) throws(E) -> T {
    try kernel.call(hook, in: exporter, traceNames: [ops.symbol(for: hook)], body)
  }

  /// Drops one reference (`fput`). The last one releases the file: in a task, at
  /// its next return to user mode (`task_work_add(____fput)`); from a kernel
  /// thread, at once here. `__fput` then `dput`s the dentry, whose `d_release`
  /// is `dma_buf_release`: `BUG_ON` while vmapped, the exporter's `release`, then
  /// `WARN_ON` if attachments are left (the importers now hold freed memory).
  func release() throws {
    file_count -= 1
    guard file_count == 0 else { return }
    guard let task = kernel.currentProcess else { return try __fput() }
    task.addTaskWork { [self] in try __fput() }
  }

  private func __fput() throws {
    try kernel.call("__fput", in: "vfs", traceNames: ["__dentry_kill", "dput", "__fput"]) { () throws in
      try kernel.call("dma_buf_release", in: "dma-buf") { () throws in
        if vmapping_counter > 0 {
          throw kernel.bug(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_release", process: kernel.currentProcess)
        }
        op("release") { ops.release(self) }
        released = true
        if !attachments.isEmpty {
          try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_release", process: kernel.currentProcess)
        }
      }
    }
  }
}

/// `dma_buf_mmap()`: maps the buffer into a userspace vma on behalf of an importer
/// (the redirect in `drm_gem_shmem_mmap`, `vmw_gem_mmap` since v6.11).
///
/// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_mmap` — `-EINVAL` without an
/// exporter `mmap`, `-EOVERFLOW` when `pgoff + vma_pages` wraps, `-EINVAL` beyond
/// `size`; then `vma_set_file`, `vm_pgoff = pgoff`, the exporter's `mmap`.
func dma_buf_mmap(_ dmabuf: dma_buf, _ vma: VMArea, _ pgoff: Int) throws {
  try dmabuf.kernel.call("dma_buf_mmap", in: "dma-buf") { () throws in
    guard dmabuf.ops.canMmap else { throw Errno.EINVAL("dma_buf_mmap") }
    let (end, overflow) = pgoff.addingReportingOverflow(vma.pageCount)
    if overflow { throw Errno.EOVERFLOW("dma_buf_mmap") }
    if end > dmabuf.size >> 12 { throw Errno.EINVAL("dma_buf_mmap") }
    vma.pgoff = pgoff
    try dmabuf.mmapThroughExporter(vma)
  }
}

extension dma_buf {
  /// What `dma_buf_mmap` and `dma_buf_mmap_internal` both end with: `vma_set_file`
  /// (a file reference for the mapping), then the exporter's `mmap`; a failed
  /// mmap drops the reference again.
  func mmapThroughExporter(_ vma: VMArea) throws {
    vma.file = self
    retain()
    do {
      try op("mmap") { () throws in try ops.mmap(self, vma) }
    } catch {
      vma.file = nil
      try release()
      throw error
    }
  }
}

/// `dma_buf_vmap()`: the one shared kernel mapping, made on first use and counted.
/// Needs the reservation lock. Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_vmap`
/// (`-EINVAL` without an exporter `vmap`; `WARN_ON_ONCE` if the exporter fails).
public func dma_buf_vmap(_ dmabuf: dma_buf) throws -> iosys_map {
  try dmabuf.kernel.call("dma_buf_vmap", in: "dma-buf", result: { $0.description }) { () throws -> iosys_map in
    try dmabuf.kernel.assertHeld(dmabuf.resv, by: "dma_buf_vmap")
    guard dmabuf.ops.canVmap else { throw Errno.EINVAL("dma_buf_vmap") }
    if let map = dmabuf.vmap_ptr {
      dmabuf.vmapping_counter += 1
      return map
    }
    let map: iosys_map
    do {
      map = try dmabuf.op("vmap") { () throws in try dmabuf.ops.vmap(dmabuf) }
    } catch {
      // `if (WARN_ON_ONCE(ret)) return ret;`
      try dmabuf.kernel.warnOnce(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_vmap")
      throw error
    }
    dmabuf.vmap_ptr = map
    dmabuf.vmapping_counter = 1
    return map
  }
}

/// `dma_buf_vmap_unlocked()`: takes the reservation lock itself.
public func dma_buf_vmap_unlocked(_ dmabuf: dma_buf) throws -> iosys_map {
  try dma_resv_lock(dmabuf.resv)
  defer { dmabuf.resv.unlock() }
  return try dma_buf_vmap(dmabuf)
}

/// `dma_buf_vunmap()`: `BUG_ON(!dmabuf->vmapping_counter)`, `BUG_ON` for a map that
/// is not the buffer's. Needs the reservation lock.
public func dma_buf_vunmap(_ dmabuf: dma_buf, _ map: iosys_map) throws {
  try dmabuf.kernel.call("dma_buf_vunmap", in: "dma-buf") { () throws in
    try dmabuf.kernel.assertHeld(dmabuf.resv, by: "dma_buf_vunmap")
    guard dmabuf.vmapping_counter > 0, dmabuf.vmap_ptr == map else {
      throw dmabuf.kernel.bug(
        at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_vunmap", process: dmabuf.kernel.currentProcess)
    }
    dmabuf.vmapping_counter -= 1
    if dmabuf.vmapping_counter == 0 {
      dmabuf.op("vunmap") { dmabuf.ops.vunmap(dmabuf, map) }
      dmabuf.vmap_ptr = nil
    }
  }
}

/// `dma_buf_vunmap_unlocked()`.
public func dma_buf_vunmap_unlocked(_ dmabuf: dma_buf, _ map: iosys_map) throws {
  try dma_resv_lock(dmabuf.resv)
  defer { dmabuf.resv.unlock() }
  try dma_buf_vunmap(dmabuf, map)
}

/// `dma_buf_begin_cpu_access()`: the exporter's hook, then a wait for implicit
/// fences (writers for a read; everyone for a write). Must not hold the lock.
public func dma_buf_begin_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws {
  try dmabuf.kernel.call("dma_buf_begin_cpu_access", in: "dma-buf") { () throws in
    dmabuf.kernel.mightLock(dmabuf.resv, in: "dma_buf_begin_cpu_access")
    try dmabuf.op("begin_cpu_access") { () throws(Errno) in
      try dmabuf.ops.begin_cpu_access(dmabuf, dir)
    }
    try dmabuf.resv.wait(upTo: .rw(write: dir != .DMA_FROM_DEVICE), process: dmabuf.kernel.currentProcess)
  }
}

/// `dma_buf_end_cpu_access()`: only the exporter's hook.
public func dma_buf_end_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws {
  try dmabuf.kernel.call("dma_buf_end_cpu_access", in: "dma-buf") { () throws in
    dmabuf.kernel.mightLock(dmabuf.resv, in: "dma_buf_end_cpu_access")
    try dmabuf.op("end_cpu_access") { () throws(Errno) in
      try dmabuf.ops.end_cpu_access(dmabuf, dir)
    }
  }
}

extension Kernel {
  /// `dma_resv_assert_held`: with lockdep a `WARN`, without it nothing (a race the
  /// strict checker names).
  func assertHeld(_ resv: dma_resv, by function: String) throws {
    guard version.has(.dmaBufLockingConvention) else {
      throw NotModelled(what: "\(function) before the v6.2 locking convention (ae2e7f28a170)")
    }
    guard !resv.locked else { return }
    if has(.lockdep) { try warn(at: "drivers/dma-buf/dma-buf.c", in: function, process: currentProcess) }
    checkRule("locking convention", "\(function)() called without holding dmabuf->resv")
  }

  /// `might_lock(&dmabuf->resv->lock.base)`: only an annotation. With lockdep, a
  /// caller holding the lock gets the recursive-locking report and the call goes
  /// on; without it, nothing. (An exporter hook that really takes the lock, such
  /// as amdgpu's `begin_cpu_access`, deadlocks on its own.)
  func mightLock(_ resv: dma_resv, in function: String) {
    guard resv.locked, has(.lockdep) else { return }
    for line in lockdepRecursion(in: function) { printk(line) }
  }
}
