@_exported public import LinuxUAPI
public import PrimedocHarness

/// A failure the real kernel would show: an oops, a `BUG`, a signal, a `WARN` under
/// `panic_on_warn`, or an errno returned to the caller.
///
/// primedoc's harness recognises errors of this kind: a scenario marked
/// `expect=failure` passes only when it ends with one of them, and the failure's
/// `description` (the text the kernel would print) becomes part of its output.
public protocol ModelFailure: DocumentedFailure, CustomStringConvertible {}

/// An errno is a failure the model reports.
extension Errno: ModelFailure {}

/// An oops or a kernel `BUG`: the splat the kernel prints, after which the task that
/// hit it is dead and the kernel tainted (`D`).
public struct Oops: ModelFailure, Hashable {
  /// The splat, line by line, as `dmesg` shows it.
  public let lines: [String]
  /// The function the instruction pointer was in (`RIP:`).
  public let function: String

  public var description: String { lines.joined(separator: "\n") }
}

/// A signal the kernel delivered to a process, which kills it (SIGBUS from a fault
/// handler that returned `VM_FAULT_SIGBUS`, SIGSEGV from a bad address). The kernel
/// prints nothing for it; its description is the model's account, marked so.
public struct Signal: ModelFailure, Hashable {
  public let name: String
  public let number: Int32
  public let process: String
  /// Where in the kernel the decision was made, for the reader.
  public let reason: String

  public var description: String {
    "[model] \(process) killed by \(name) (\(name == "SIGBUS" ? "Bus error" : "Segmentation fault")): \(reason)"
  }
}

/// A task blocked for good: a deadlock, or a wait for a fence nothing will signal.
/// The hung-task detector reports it after 120 s; the task never returns.
public struct Hang: ModelFailure, Hashable {
  public let lines: [String]
  public var description: String { lines.joined(separator: "\n") }
}

/// A `WARN_ON` that fired while `panic_on_warn` was set: the warning is fatal.
public struct KernelWarning: ModelFailure, Hashable {
  public let lines: [String]
  public var description: String {
    (lines + ["Kernel panic - not syncing: kernel: panic_on_warn set ..."]).joined(separator: "\n")
  }
}

/// The model's own checker (`KernelConfig.strictImporterRules`): an importer rule was
/// broken, whether or not the real kernel would notice. Recorded in
/// `Kernel.violations`; a scenario may throw it to fail on purpose.
public struct ImporterRuleViolation: ModelFailure, Hashable {
  public let rule: String
  public let detail: String
  public var description: String { "primedoc checker: importer rule broken: \(rule): \(detail)" }
}

/// A path the model does not cover yet; never a silent success.
public struct NotModelled: Error, CustomStringConvertible, Hashable {
  public let what: String
  public var description: String { "DocModel does not model \(what) yet" }
}

/// Using a process after the kernel killed it.
public struct ProcessIsDead: Error, CustomStringConvertible, Hashable {
  public let process: String
  public var description: String { "process \(process) is dead; start another with kernel.spawn(_:)" }
}
