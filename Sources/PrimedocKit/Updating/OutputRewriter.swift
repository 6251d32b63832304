/// Rewrites a page's `output` blocks with what its scenarios printed, touching no
/// other byte of the file: lines keep their endings, fences their indentation and
/// container prefixes (`> ` in a block quote, spaces in a list item).
struct OutputRewriter {
  /// The file's lines, each with its own terminator (the last may have none).
  private var lines: [[UInt8]]
  private let newline: [UInt8]

  init(bytes: [UInt8]) {
    var lines: [[UInt8]] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      lines.append(Array(bytes[start...index]))
      start = index + 1
    }
    if start < bytes.count { lines.append(Array(bytes[start...])) }
    self.lines = lines
    newline = lines.first?.suffix(2) == [13, 10] ? [13, 10] : [10]
  }

  var bytes: [UInt8] { lines.flatMap { $0 } }

  /// Applies new outputs, last scenario first so earlier line numbers stay valid.
  /// Returns whether anything changed.
  mutating func apply(_ outputs: [(scenario: Scenario, output: String)]) -> Bool {
    let before = lines
    for (scenario, output) in outputs.sorted(by: { $0.scenario.block.startLine > $1.scenario.block.startLine }) {
      if let expected = scenario.expected {
        replace(expected, with: output)
      } else if !output.isEmpty {
        insert(after: scenario.block, output)
      }
    }
    return lines != before
  }

  private mutating func replace(_ block: CodeBlock, with output: String) {
    let opening = block.startLine - 1
    let closing = block.endLine - 1
    let prefix = containerPrefix(lineIndex: opening, column: block.startColumn)
    var fence = fenceRun(lineIndex: opening, column: block.startColumn)
    let needed = Self.fence(for: output, character: fence.first ?? UInt8(ascii: "`"))
    var replacement = lines[opening...closing].map { $0 }
    if needed.count > fence.count {
      replacement[0] = replaceRun(in: replacement[0], from: block.startColumn - 1, count: fence.count, with: needed)
      let last = replacement[replacement.count - 1]
      let closingColumn = (last.firstIndex(of: fence[0]) ?? 0) + 1
      replacement[replacement.count - 1] = replaceRun(
        in: last, from: closingColumn - 1, count: fenceRunLength(last, at: closingColumn - 1), with: needed)
      fence = needed
    }
    let body = contentLines(output, prefix: prefix)
    let new = [replacement[0]] + body + [replacement[replacement.count - 1]]
    if Array(lines[opening...closing]) != new { lines.replaceSubrange(opening...closing, with: new) }
  }

  private mutating func insert(after block: CodeBlock, _ output: String) {
    let closing = block.endLine - 1
    let prefix = containerPrefix(lineIndex: block.startLine - 1, column: block.startColumn)
    let fence = Self.fence(for: output, character: UInt8(ascii: "`"))
    let blank = Array(prefix.reversed().drop { $0 == UInt8(ascii: " ") }.reversed())
    if lines[closing].last != UInt8(ascii: "\n") { lines[closing] += newline }
    let block =
      [blank + newline, prefix + fence + Array("output".utf8) + newline] + contentLines(output, prefix: prefix)
      + [prefix + fence + newline]
    lines.insert(contentsOf: block, at: closing + 1)
  }

  private func contentLines(_ output: String, prefix: [UInt8]) -> [[UInt8]] {
    var text = output
    if text.hasSuffix("\n") { text.removeLast() }
    if output.isEmpty { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      (line.isEmpty ? Array(prefix.reversed().drop { $0 == UInt8(ascii: " ") }.reversed()) : prefix + Array(line.utf8))
        + newline
    }
  }

  /// What stands before the fence on its line, with list markers turned into spaces
  /// so it can prefix continuation lines.
  private func containerPrefix(lineIndex: Int, column: Int) -> [UInt8] {
    lines[lineIndex].prefix(max(0, column - 1)).map { $0 == UInt8(ascii: ">") || $0 == 9 ? $0 : UInt8(ascii: " ") }
  }

  private func fenceRun(lineIndex: Int, column: Int) -> [UInt8] {
    let line = lines[lineIndex]
    let start = max(0, column - 1)
    return Array(line[start..<(start + fenceRunLength(line, at: start))])
  }

  private func fenceRunLength(_ line: [UInt8], at start: Int) -> Int {
    guard start < line.count else { return 0 }
    return line[start...].prefix { $0 == line[start] }.count
  }

  private func replaceRun(in line: [UInt8], from start: Int, count: Int, with run: [UInt8]) -> [UInt8] {
    var line = line
    line.replaceSubrange(start..<(start + count), with: run)
    return line
  }

  /// A fence longer than any run of its character that starts a line of `output`,
  /// so the output cannot close its own block.
  static func fence(for output: String, character: UInt8) -> [UInt8] {
    let longest =
      output.split(separator: "\n").map { line in
        line.utf8.drop { $0 == UInt8(ascii: " ") }.prefix { $0 == character }.count
      }.max() ?? 0
    return Array(repeating: character, count: max(3, longest + 1))
  }
}
