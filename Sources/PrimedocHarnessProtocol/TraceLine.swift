/// One call between components in a `trace` scenario's output: caller, callee,
/// function and result, tab-separated, one per line. The documented library
/// writes them (through the harness runtime) and primedoc draws them.
public struct TraceLine: Hashable, Sendable {
  public var caller: String
  public var callee: String
  public var function: String
  /// `ok`, a value, or one of the failure forms of `TraceResult`.
  public var result: String

  public init(caller: String, callee: String, function: String, result: String) {
    self.caller = caller
    self.callee = callee
    self.function = function
    self.result = result
  }

  public var encoded: String { [caller, callee, function, result].joined(separator: "\t") }

  /// Nil for a line that is not four tab-separated fields.
  public init?(decoding line: Substring) {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 4 else { return nil }
    self.init(caller: fields[0], callee: fields[1], function: fields[2], result: fields[3])
  }

  /// The lines of a trace block, skipping any that are not trace lines.
  public static func decode(_ text: String) -> [TraceLine] {
    text.split(separator: "\n").compactMap { TraceLine(decoding: $0) }
  }

  public var failed: Bool { TraceResult.isFailure(result) }
}

/// How a call's failure is written in a trace, and the one test of "this call
/// failed" that the model's trace, the runner and the diagram share.
public enum TraceResult {
  /// An error code: `-EINVAL`.
  public static func errno(_ name: String) -> String { "-" + name }
  /// The call oopsed (a NULL dereference, a `BUG_ON`, a bad page fault).
  public static let oops = "oops"
  /// A `WARN` that `panic_on_warn` made fatal.
  public static let fatalWarning = "WARN (panic_on_warn)"
  /// A signal that killed the calling process: `SIGBUS`, `SIGSEGV`, `SIGKILL`.
  public static func signal(_ name: String) -> String { name }
  /// Any other error the call threw.
  public static let error = "error"

  public static func isFailure(_ result: String) -> Bool {
    result.hasPrefix("-E") || result == oops || result == fatalWarning || result.hasPrefix("SIG") || result == error
  }
}
