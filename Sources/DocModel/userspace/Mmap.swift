/// `PROT_READ` and `PROT_WRITE`.
public struct MmapProt: OptionSet, Sendable {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }
  public static let PROT_READ = MmapProt(rawValue: 1)
  public static let PROT_WRITE = MmapProt(rawValue: 2)
}

/// A userspace mapping (what `mmap` returns). Loads and stores go through the page
/// tables; a page not yet present faults into the kernel, where the mapping's
/// driver decides what happens: a frame, a SIGBUS, or an oops.
public final class UserMapping: CustomStringConvertible {
  let process: Process
  let vma: VMArea
  public let length: Int
  public internal(set) var unmapped = false

  init(process: Process, vma: VMArea) {
    self.process = process
    self.vma = vma
    self.length = vma.length
  }

  public var address: UInt64 { vma.start }
  public var description: String { "mapping at 0x\(String(vma.start, radix: 16)) (\(length) bytes)" }

  /// Reads `count` bytes at `offset`.
  public func read(_ count: Int, at offset: Int = 0) throws -> [UInt8] {
    try access(offset, count, write: false) { pfn, pageOffset, range, bytes in
      bytes += process.kernel.memory.read(pfn: pfn, offset: pageOffset, count: range)
    }
  }

  /// Writes `bytes` at `offset` (`memcpy` into the mapping).
  public func write(_ bytes: [UInt8], at offset: Int = 0) throws {
    var cursor = 0
    _ = try access(offset, bytes.count, write: true) { pfn, pageOffset, range, _ in
      process.kernel.memory.write(pfn: pfn, offset: pageOffset, Array(bytes[cursor..<(cursor + range)]))
      cursor += range
    }
  }

  /// Loads a little-endian integer at byte `offset`, as `ptr[i]` does.
  public func load<T: FixedWidthInteger>(_ type: T.Type = UInt32.self, at offset: Int) throws -> T {
    let bytes = try read(MemoryLayout<T>.size, at: offset)
    return bytes.reversed().reduce(T.zero) { ($0 << 8) | T(truncatingIfNeeded: $1) }
  }

  /// Stores a little-endian integer at byte `offset`.
  public func store<T: FixedWidthInteger>(_ value: T, at offset: Int) throws {
    try write((0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, at: offset)
  }

  /// Walks the pages a byte range touches, faulting each one in first.
  private func access(
    _ offset: Int, _ count: Int, write: Bool, _ visit: (UInt64, Int, Int, inout [UInt8]) -> Void
  ) throws -> [UInt8] {
    guard process.isAlive else { throw ProcessIsDead(process: process.description) }
    var bytes: [UInt8] = []
    var position = offset
    while position < offset + count {
      let page = position / PhysicalMemory.pageSize
      let pageOffset = position % PhysicalMemory.pageSize
      let range = min(offset + count - position, PhysicalMemory.pageSize - pageOffset)
      let pfn = try frame(page: page, at: position, write: write)
      visit(pfn, pageOffset, range, &bytes)
      position += range
    }
    return bytes
  }

  /// The frame behind `page`, faulting it in through the vma's `vm_ops`.
  private func frame(page: Int, at position: Int, write: Bool) throws -> UInt64 {
    let address = vma.start + UInt64(position)
    if unmapped || page >= vma.pageCount || position < 0 || (write && !vma.writable) {
      process.kill()
      throw Signal(
        name: "SIGSEGV", number: 11, process: process.description,
        reason: "\(write ? "write to" : "read of") 0x\(String(address, radix: 16)) \(unmapped || page >= vma.pageCount ? "outside any mapping" : "in a read-only mapping")")
    }
    if let pfn = vma.ptes[page] { return pfn }
    return try process.fault(vma, page: page, write: write, entry: ["asm_exc_page_fault", "exc_page_fault"])
  }
}

extension Process {
  /// A page fault on `page` of `vma`, entered through `entry` (the CPU's exception,
  /// or `fixup_user_fault` for a secondary MMU): `handle_mm_fault`, `__do_fault`,
  /// the mapping's `fault` handler; the frame is installed, or the process dies.
  func fault(_ vma: VMArea, page: Int, write: Bool, entry: [String]) throws -> UInt64 {
    let previous = kernel.currentProcess
    kernel.currentProcess = self
    defer { kernel.currentProcess = previous }
    let frames = entry + ["handle_mm_fault", "__do_fault"]
    func enter(_ depth: Int) throws -> VMFault {
      guard depth < frames.count else {
        // No vm_ops: an anonymous mapping, private zeroed memory.
        guard let ops = vma.vm_ops else { return .frame(kernel.memory.allocate(1)[0]) }
        return try ops.fault(vma, page)
      }
      let from = depth == 0 ? comm : nil
      return try kernel.call(frames[depth], in: "mm", from: from, result: { depth == 0 ? Self.describe($0) : "ok" }) { () throws in
        try enter(depth + 1)
      }
    }
    switch try enter(0) {
    case .frame(let pfn):
      vma.ptes[page] = pfn
      return pfn
    case .sigbus(let reason):
      kill()
      throw Signal(name: "SIGBUS", number: 7, process: description, reason: reason)
    case .oom(let reason):
      kill()
      throw Signal(name: "SIGKILL", number: 9, process: description, reason: "VM_FAULT_OOM: \(reason)")
    }
  }

  private static func describe(_ fault: VMFault) -> String {
    switch fault {
    case .frame(let pfn): "pfn 0x\(String(pfn, radix: 16))"
    case .sigbus: "VM_FAULT_SIGBUS"
    case .oom: "VM_FAULT_OOM"
    }
  }
}

extension Process {
  /// `mmap(NULL, length, prot, MAP_SHARED, fd, offset)` of a DRM fd (at an offset
  /// from `MODE_MAP_DUMB`) or of a dma-buf fd (at 0).
  public func mmap(_ length: Int, _ prot: MmapProt, _ fd: Int32, _ offset: UInt64) throws -> UserMapping {
    try syscall("mmap(fd \(fd))", result: { "0x\(String($0.address, radix: 16))" }) {
      let pages = (length + 4095) / 4096
      let vma = VMArea(start: nextMapping(pages: pages), pageCount: pages, pgoff: Int(offset >> 12), writable: prot.contains(.PROT_WRITE))
      vma.mm = self
      switch files[fd] {
      case .drm(let file)?:
        try drm_gem_mmap(file, vma, offset: offset)
      case .dmabuf(let buffer)?:
        try kernel.call("dma_buf_mmap_internal", in: "dma-buf") { () throws in
          if prot.contains(.PROT_WRITE) && !buffer.writable { throw Errno.EACCES("mmap") }
          guard buffer.ops.canMmap, vma.pgoff + pages <= buffer.size >> 12 else { throw Errno.EINVAL("dma_buf_mmap_internal") }
          try buffer.mmapThroughExporter(vma)
        }
      case .syncFile?:
        throw Errno.ENODEV("mmap")
      case nil:
        throw Errno.EBADF("mmap")
      }
      vmas.append(vma)
      return UserMapping(process: self, vma: vma)
    }
  }

  /// `munmap()`: the mapping's file reference goes with it.
  public func munmap(_ mapping: UserMapping) throws {
    try syscall("munmap") {
      guard !mapping.unmapped else { throw Errno.EINVAL("munmap") }
      let vma = mapping.vma
      invalidateRange(mmu_notifier_range(start: vma.start, end: vma.start + UInt64(vma.length), event: .MMU_NOTIFY_UNMAP))
      vmas.removeAll { $0 === vma }
      vma.ptes.removeAll()
      mapping.unmapped = true
      mapping.vma.vm_ops?.close?()
      if let buffer = mapping.vma.file as? dma_buf {
        mapping.vma.file = nil
        try buffer.release()
      }
    }
  }

  /// `drm_gem_mmap`: finds the object by its fake offset (`-EINVAL` if none),
  /// `-EACCES` unless this file has a handle to it (`drm_vma_node_is_allowed`);
  /// `drm_gem_mmap_obj` refuses a vma larger than the object (`-EINVAL`), takes a
  /// reference and lets the driver set up the vma.
  private func drm_gem_mmap(_ file: DrmFile, _ vma: VMArea, offset: UInt64) throws {
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
