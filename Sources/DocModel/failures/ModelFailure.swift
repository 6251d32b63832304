/// A failure the real kernel would show: an oops, a `BUG`, a `WARN`, or an errno
/// returned to the caller.
///
/// primedoc's harness recognises errors of this kind: a scenario marked
/// `expect=failure` passes only when it ends with one of them, and the failure's
/// `description` (the text the kernel would print) becomes part of its output.
public protocol ModelFailure: Error, CustomStringConvertible {}

/// An error number, returned where the kernel returns `-errno`.
public struct Errno: ModelFailure, Equatable {
  public let name: String
  public let value: Int32
  /// The function that returned it, so a reader can find the kernel source.
  public let function: String

  public var description: String { "\(function): -\(name) (\(-value))" }

  public static func einval(_ function: String) -> Errno { Errno(name: "EINVAL", value: 22, function: function) }
  public static func eoverflow(_ function: String) -> Errno { Errno(name: "EOVERFLOW", value: 75, function: function) }
}

/// A kernel `BUG()`/`BUG_ON()` or oops: the task dies, the machine stays up.
public struct KernelBug: ModelFailure, Equatable {
  public let headline: String
  public let function: String

  public var description: String {
    "\(headline)\nRIP: \(function)\nCall Trace:\n <TASK>\n \(function)\n </TASK>"
  }
}
