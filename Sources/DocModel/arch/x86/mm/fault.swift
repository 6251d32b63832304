extension Kernel {
  /// Whether `address` is canonical on x86-64 (bits 48..63 copy bit 47).
  static func isCanonical(_ address: UInt64) -> Bool {
    let high = address >> 47
    return high == 0 || high == 0x1ffff
  }

  /// The oops for touching `address` in kernel mode: a general protection fault for
  /// a non-canonical address, a page fault for anything else unmapped.
  func badAccess(at address: UInt64, in function: String) -> Oops {
    guard Self.isCanonical(address) else {
      return oops(
        [], die: "general protection fault, probably for non-canonical address 0x\(hex(address))", rip: function,
        process: currentProcess)
    }
    return pageFault(at: address, in: function, process: currentProcess)
  }

  /// Dereferences a `struct page *` the way the insert path first does:
  /// `page_folio()` reads `page->compound_head`, 8 bytes in. Fine inside the
  /// vmemmap array, an oops at `page + 8` anywhere else.
  func touch(_ page: PagePointer, in function: String) throws {
    let end = PhysicalMemory.vmemmapBase &+ PhysicalMemory.totalFrames &* PhysicalMemory.structPageSize
    guard page.address >= PhysicalMemory.vmemmapBase, page.address < end else {
      throw badAccess(at: page.address &+ 8, in: function)
    }
  }
}
