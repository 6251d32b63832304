/// A file's lines, for the few questions cmark's tree cannot answer: where a fence
/// is, whether it was closed, what a line looked like.
struct SourceLines: Sendable {
  /// Lines without their terminators (`\n` or `\r\n`).
  let lines: [Substring]

  init(_ text: String) {
    lines = text.lineSlices.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
  }

  /// The 1-based line `number`, if the file has it.
  func line(_ number: Int) -> Substring? {
    number >= 1 && number <= lines.count ? lines[number - 1] : nil
  }

  /// Whether a code fence (three backticks or tildes) starts at the 1-based byte
  /// `column` of `line`, which is where cmark puts a fenced block's start.
  func hasFence(line number: Int, column: Int) -> Bool {
    guard let line = line(number) else { return false }
    let bytes = line.utf8.dropFirst(max(0, column - 1))
    return Self.startsWithFence(bytes)
  }

  /// Whether `line` is a fence once container prefixes (block quotes' `>`, list
  /// indentation) are removed: how primedoc tells a closed fence from one cmark
  /// closed at the end of its container.
  func isFence(line number: Int) -> Bool {
    guard let line = line(number) else { return false }
    return Self.startsWithFence(line.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == 9 })
  }

  private static func startsWithFence<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    let head = Array(bytes.prefix(3))
    return head == Array("```".utf8) || head == Array("~~~".utf8)
  }
}
