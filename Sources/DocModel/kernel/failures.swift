public import PrimedocHarness

/// A failure the real kernel would show: an oops, a `BUG`, a signal, a `WARN` under
/// `panic_on_warn`, or an errno returned to the caller.
///
/// primedoc's harness recognises errors of this kind: a scenario marked
/// `expect=failure` passes only when it ends with one of them, and the failure's
/// `description` (the text the kernel would print) becomes part of its output.
public protocol ModelFailure: DocumentedFailure, CustomStringConvertible {}

/// An error number, returned where the kernel returns `-errno`.
public struct Errno: ModelFailure, Hashable {
  public let name: String
  public let value: Int32
  /// The kernel function that returned it, or the userspace call that saw it.
  public let function: String
  /// Seen by userspace (an ioctl's `-1` and `errno`), not by kernel code.
  public let inUserspace: Bool

  public init(_ name: String, _ value: Int32, in function: String, inUserspace: Bool = false) {
    self.name = name
    self.value = value
    self.function = function
    self.inUserspace = inUserspace
  }

  public var description: String {
    inUserspace ? "\(function) failed: \(name) (\(Errno.messages[name] ?? "error \(value)"))" : "\(function): -\(name)"
  }

  /// The same error as the userspace call that made it sees it.
  func seen(by call: String) -> Errno { Errno(name, value, in: call, inUserspace: true) }

  static let messages = [
    "EPERM": "Operation not permitted", "ENOENT": "No such file or directory", "EINTR": "Interrupted system call",
    "EBADF": "Bad file descriptor", "EAGAIN": "Resource temporarily unavailable", "ENOMEM": "Cannot allocate memory",
    "EACCES": "Permission denied", "EFAULT": "Bad address", "EBUSY": "Device or resource busy",
    "ENODEV": "No such device", "EINVAL": "Invalid argument", "ENOTTY": "Inappropriate ioctl for device",
    "ENOSYS": "Function not implemented", "EOVERFLOW": "Value too large for defined data type",
    "ETIMEDOUT": "Connection timed out", "EIO": "Input/output error", "ENOSPC": "No space left on device",
  ]

  public static func EPERM(_ f: String) -> Errno { Errno("EPERM", 1, in: f) }
  public static func ENOENT(_ f: String) -> Errno { Errno("ENOENT", 2, in: f) }
  public static func EINTR(_ f: String) -> Errno { Errno("EINTR", 4, in: f) }
  public static func EIO(_ f: String) -> Errno { Errno("EIO", 5, in: f) }
  public static func EBADF(_ f: String) -> Errno { Errno("EBADF", 9, in: f) }
  public static func EAGAIN(_ f: String) -> Errno { Errno("EAGAIN", 11, in: f) }
  public static func ENOMEM(_ f: String) -> Errno { Errno("ENOMEM", 12, in: f) }
  public static func EACCES(_ f: String) -> Errno { Errno("EACCES", 13, in: f) }
  public static func EFAULT(_ f: String) -> Errno { Errno("EFAULT", 14, in: f) }
  public static func EBUSY(_ f: String) -> Errno { Errno("EBUSY", 16, in: f) }
  public static func ENODEV(_ f: String) -> Errno { Errno("ENODEV", 19, in: f) }
  public static func EINVAL(_ f: String) -> Errno { Errno("EINVAL", 22, in: f) }
  public static func ENOTTY(_ f: String) -> Errno { Errno("ENOTTY", 25, in: f) }
  public static func ENOSYS(_ f: String) -> Errno { Errno("ENOSYS", 38, in: f) }
  public static func EOVERFLOW(_ f: String) -> Errno { Errno("EOVERFLOW", 75, in: f) }
  public static func ETIMEDOUT(_ f: String) -> Errno { Errno("ETIMEDOUT", 110, in: f) }
}

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
