import Foundation

/// Bytes a scenario printed. Kept as bytes, not text: output that is not UTF-8 is
/// compared byte for byte and shown escaped. Encoded as base64 in the cache.
struct OutputBytes: Sendable, Hashable, Codable {
  var bytes: [UInt8]

  init(_ bytes: [UInt8] = []) { self.bytes = bytes }
  init(_ text: String) { self.bytes = Array(text.utf8) }

  /// The text, with each byte that is not UTF-8 shown as `\xNN`.
  var text: String {
    if let valid = String(validating: bytes, as: UTF8.self) { return valid }
    var result = ""
    var index = 0
    while index < bytes.count {
      let width = Self.validSequenceLength(bytes, at: index)
      if width > 0 {
        result += String(decoding: bytes[index..<index + width], as: UTF8.self)
        index += width
      } else {
        result += "\\x" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
        index += 1
      }
    }
    return result
  }

  private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    for width in 1...4 where index + width <= bytes.count {
      if String(validating: bytes[index..<index + width], as: UTF8.self) != nil { return width }
    }
    return 0
  }

  init(from decoder: any Decoder) throws {
    let encoded = try decoder.singleValueContainer().decode(String.self)
    guard let data = Data(base64Encoded: encoded) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
    }
    bytes = [UInt8](data)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(Data(bytes).base64EncodedString())
  }
}

/// What one page's run produced: an outcome per scenario, and the model's trace
/// after each `trace` scenario (tab-separated caller, callee, function, result).
struct PageRun: Sendable, Hashable, Codable {
  var outcomes: [ScenarioOutcome]
  var traces: [Int: String] = [:]
}

/// What happened to one scenario in its page's run, before it is compared with
/// the expected output.
enum ScenarioOutcome: Sendable, Hashable, Codable {
  /// Ran to its end.
  case completed(OutputBytes)
  /// An `expect=failure` scenario ended with an error; `model` tells whether the
  /// model reported it (an oops, a BUG, an errno) or plain Swift code threw it.
  case failed(OutputBytes, model: Bool)
  /// Threw an error nothing caught; its session stopped there, as a script does.
  case threw(OutputBytes, message: String)
  /// An `expect=trap` scenario's process died; the output ends with the
  /// runtime's message.
  case trapped(OutputBytes)
  /// The process died in this scenario: a trap, a signal, an early exit.
  case crashed(OutputBytes, message: String, line: Int?)
  case timedOut(OutputBytes, limit: Duration)
  case flooded(OutputBytes, cap: Int)
  /// `no-run`: compiled with its page, not executed.
  case skipped
  /// An earlier scenario ended the page, or the page did not compile.
  case notRun(reason: String)
  /// A `compile-fail` scenario's compile: the compiler's error lines, or none if it compiled.
  case compiled(errors: [String])
  /// The page's scenarios did not compile; these are the errors inside this scenario.
  case compileError([CompilerDiagnostic])

  /// What it printed, when it ran.
  var output: OutputBytes? {
    switch self {
    case .completed(let output), .failed(let output, _), .threw(let output, _), .crashed(let output, _, _),
      .trapped(let output),
      .timedOut(let output, _), .flooded(let output, _):
      output
    case .compiled(let errors): OutputBytes(errors.map { $0 + "\n" }.joined())
    case .skipped, .notRun, .compileError: nil
    }
  }
}

/// A compiler message, as the harness's compile reported it.
struct CompilerDiagnostic: Sendable, Hashable, Codable {
  var file: String?
  var line: Int
  /// The whole headline: `docs-src/x.md:7:19: error: value of type …`.
  var text: String
  /// The quoted source line and caret that follow it.
  var context: [String]

  /// `docs-src/x.md:7:3: error: …` → `error: …`.
  static func withoutLocation(_ line: String) -> String { line.droppingLocation(numbers: 2) }

  /// Whether an expected block's error lines name where they are: when none of
  /// them starts `file:line:column: `, they claim the errors wherever they are.
  static func locatesErrors(_ expected: String?) -> Bool {
    (expected?.lineSlices ?? []).contains { withoutLocation(String($0)) != String($0) }
  }

  /// `error: overlapping accesses … [#ExclusivityViolation]` → `error: overlapping accesses …`:
  /// Swift 6.2 and later name the diagnostic's group at the end of the line.
  static func withoutGroup(_ line: String) -> String {
    guard line.hasSuffix("]"), let open = line.range(of: " [#", options: .backwards) else { return line }
    return String(line[..<open.lowerBound])
  }

  /// Why a harness failed to build when no `blamed` (page, scenario) is named by
  /// any of its errors: a toolchain or primedoc problem, shown with every error.
  static func noneToBlame(_ errors: [CompilerDiagnostic], harness: String, blamed: String) -> String {
    "\(harness) does not compile, and no \(blamed) is to blame (a toolchain or primedoc problem):\n"
      + errors.flatMap { [$0.text] + $0.context }.joined(separator: "\n")
  }
}
