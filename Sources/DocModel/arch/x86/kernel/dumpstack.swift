/// How the kernel prints its failures: the die header of an oops, the page-fault
/// preamble, `kernel BUG at`, the `WARN_ON` splat. Kernel:
/// `arch/x86/kernel/dumpstack.c` (`__die`, `show_regs`), `arch/x86/mm/fault.c`
/// (`page_fault_oops`), `kernel/panic.c` (`__warn`).
extension Kernel {
  /// An oops: `preamble` (what the fault handler printed), the die header, the CPU
  /// line, `RIP:`, and the model's own call stack as `Call Trace:`. The process is
  /// killed and the kernel tainted `D`. Header formats follow the version
  /// (`KernelChange.oopsPrefix`, `.dumpStackUID`, `.dumpStackPreemptModel`,
  /// `.x86DieWithoutPreempt`).
  func oops(_ preamble: [String], die str: String, code: Int = 0, rip function: String, process: Process?) -> Oops {
    let comm = process?.comm ?? "kworker/0:1"
    let pid = process?.pid ?? 42
    let tainted = taint.isEmpty ? "Not tainted" : "Tainted: " + String(taint.sorted())
    let errorCode = hex(UInt64(code), width: 4)
    let preempt = version.has(.x86DieWithoutPreempt) ? "" : " PREEMPT"
    var lines = preamble
    lines.append(
      "\(version.has(.oopsPrefix) ? "Oops: " : "")\(str): \(errorCode) [#\(oopsCount + 1)]\(preempt) SMP NOPTI")
    let uid = version.has(.dumpStackUID) ? "UID: 0 " : ""
    let model = version.has(.dumpStackPreemptModel) ? " PREEMPT(voluntary)" : ""
    lines.append("CPU: 0 \(uid)PID: \(pid) Comm: \(comm) \(tainted) \(version.major).\(version.minor).0 #1\(model)")
    lines.append("RIP: 0010:\(function)")
    lines += ["Call Trace:", " <TASK>"] + callTrace.filter { $0 != function }.map { " \($0)" } + [" </TASK>"]
    lines.append("---[ end trace 0000000000000000 ]---")
    oopsCount += 1
    taint.insert("D")
    dmesg += lines
    process?.kill()
    return Oops(lines: lines, function: function)
  }

  /// `BUG: kernel NULL pointer dereference` (or `unable to handle page fault`) at
  /// `address`, raised in `function` (`page_fault_oops`).
  func pageFault(at address: UInt64, in function: String, write: Bool = false, process: Process?) -> Oops {
    let headline =
      address < 4096
      ? "BUG: kernel NULL pointer dereference, address: \(hex(address))"
      : "BUG: unable to handle page fault for address: \(hex(address))"
    return oops(
      [
        headline, "#PF: supervisor \(write ? "write" : "read") access in kernel mode",
        "#PF: error_code(0x000\(write ? 2 : 0)) - not-present page", "PGD 0 P4D 0",
      ], die: "Oops", code: write ? 2 : 0, rip: function, process: process)
  }

  /// `kernel BUG at FILE!` from a `BUG_ON` (the model knows files, not lines).
  func bug(at file: String, in function: String, process: Process?) -> Oops {
    oops(
      ["------------[ cut here ]------------", "kernel BUG at \(file)!"], die: "invalid opcode", rip: function,
      process: process)
  }

  /// A `WARN_ON` splat. The kernel carries on (tainted `W`) unless `panic_on_warn`.
  func warn(at file: String, in function: String, process: Process? = nil) throws(KernelWarning) {
    let lines =
      [
        "------------[ cut here ]------------",
        "WARNING: CPU: 0 PID: \(process?.pid ?? 42) at \(file) \(function)",
        "Call Trace:", " <TASK>",
      ] + callTrace.map { " \($0)" } + [" </TASK>", "---[ end trace 0000000000000000 ]---"]
    taint.insert("W")
    dmesg += lines
    if panic_on_warn { throw KernelWarning(lines: lines) }
  }

  /// `WARN_ON_ONCE`: the first time at this place only.
  func warnOnce(at file: String, in function: String) throws(KernelWarning) {
    guard warnedOnce.insert("\(file) \(function)").inserted else { return }
    try warn(at: file, in: function, process: currentProcess)
  }
}
