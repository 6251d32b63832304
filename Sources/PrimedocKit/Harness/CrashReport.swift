import Subprocess

/// What a dead harness left on standard error: Swift's "Fatal error" line and the
/// backtrace frame that names the page's Markdown line.
struct CrashReport {
  var fatalError: String?
  var line: Int?

  init(standardError: String, file: String) {
    let lines = standardError.split(separator: "\n")
    // `docs-src/x.md:7: Fatal error: …` (the trap's #fileID may carry a module prefix).
    fatalError = lines.first { $0.contains("Fatal error:") }.map { String($0) }
    // A backtrace frame, Swift's (`… at docs-src/x.md:7:12`) or a sanitizer's
    // (`… in f() docs-src/x.md:7:12`): the first that names the page.
    let needle = "\(file):"
    line =
      lines.lazy.compactMap { line -> Int? in
        guard !line.contains("Fatal error:"), let range = line.range(of: needle) else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
      }.first
    // A trap in the scenario's own code names it in the message: `Module/x.md:7: Fatal error`.
    if line == nil, let fatal = fatalError, let range = fatal.range(of: ".md:") {
      line = Int(fatal[range.upperBound...].prefix { $0.isNumber })
    }
  }

  /// An error the script did not catch: the runtime ends the process with
  /// `Fatal error: Error raised at top level: …`, as it does for any script.
  var uncaughtError: String? {
    guard let fatalError, let range = fatalError.range(of: "Error raised at top level: ") else { return nil }
    return String(fatalError[range.upperBound...])
  }

  func message(status: TerminationStatus) -> String {
    let reason = Self.describe(status)
    guard let fatalError else {
      if case .exited = status { return "the page's process exited (\(reason)) before the scenario ended" }
      return reason
    }
    let text = fatalError.range(of: "Fatal error:").map { String(fatalError[$0.lowerBound...]) } ?? fatalError
    return "\(text) (\(reason))"
  }

  static func describe(_ status: TerminationStatus) -> String {
    switch status {
    case .exited(let code): return "exit status \(code)"
    case .signaled(let signal):
      let names: [Int32: String] = [
        4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM",
      ]
      return "killed by \(names[signal] ?? "signal \(signal)")"
    }
  }
}
