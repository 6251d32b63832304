/// The page-fault path a mapping's access enters. Kernel: `mm/memory.c`
/// (`handle_mm_fault`, `__do_fault`).
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
      return try kernel.call(frames[depth], in: "mm", from: from, result: { depth == 0 ? Self.describe($0) : "ok" }) {
        () throws in
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
