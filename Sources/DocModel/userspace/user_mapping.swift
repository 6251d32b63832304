/// A userspace mapping (what `mmap` returns). Loads and stores go through the page
/// tables; a page not yet present faults into the kernel, where the mapping's
/// driver decides what happens: a frame, a SIGBUS, or an oops.
public final class UserMapping: ByteMapping, CustomStringConvertible {
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
        reason:
          "\(write ? "write to" : "read of") 0x\(String(address, radix: 16)) \(unmapped || page >= vma.pageCount ? "outside any mapping" : "in a read-only mapping")"
      )
    }
    if let pfn = vma.ptes[page] { return pfn }
    return try process.fault(vma, page: page, write: write, entry: ["asm_exc_page_fault", "exc_page_fault"])
  }
}
