/// GitHub's pipe tables (cmark-gfm's table extension) on top of libcmark, which
/// parses a table as a paragraph of pipes.
///
/// A table is found in a paragraph's lines: a header row, then a delimiter row of
/// as many cells (`---`, `:--`, `--:`, `:-:`); every line after them is a row,
/// cut or padded to the header's width. Lines before the header stay a paragraph.
/// Cells are split at pipes that are not escaped, and `\|` becomes `|` before the
/// cell is parsed, even in code (as cmark-gfm does).
///
/// The cells are rendered by cmark itself, in the page, so that link references
/// and every inline rule hold: the table's lines are replaced by one short
/// paragraph per cell between marker comments (`Marker`), and the rendered cells
/// are then assembled into the table's HTML (`assemble`).
struct PipeTable: Sendable, Equatable {
  enum Alignment: String, Sendable { case left, center, right }

  /// The paragraph's lines before the header, which stay a paragraph.
  var leadingLines: Int
  var header: [String]
  var alignments: [Alignment?]
  var rows: [[String]]

  /// The table in a paragraph's lines (without their container's indentation),
  /// or nil when they hold none.
  static func find(in lines: [String]) -> PipeTable? {
    guard lines.count >= 2 else { return nil }
    for index in 0..<(lines.count - 1) {
      guard let header = cells(lines[index]), let alignments = delimiterRow(lines[index + 1]),
        header.count == alignments.count,
        lines[index].contains("|") || lines[index + 1].contains("|")
      else { continue }
      let rows = lines[(index + 2)...].map { line in
        let row = cells(line) ?? [line.trimmingCharacters(in: .whitespacesAndNewlines)]
        return Array((row + Array(repeating: "", count: max(0, header.count - row.count))).prefix(header.count))
      }
      return PipeTable(leadingLines: index, header: header, alignments: alignments, rows: rows)
    }
    return nil
  }

  /// A row's cells, trimmed, with `\|` made `|`; nil for a blank line.
  static func cells(_ line: String) -> [String]? {
    var text = Substring(line.trimmingCharacters(in: .whitespacesAndNewlines))
    guard !text.isEmpty else { return nil }
    if text.hasPrefix("|") { text = text.dropFirst() }
    var cells: [String] = []
    var current = ""
    var backslashes = 0
    for character in text {
      if character == "|" && backslashes % 2 == 0 {
        cells.append(current)
        current = ""
      } else {
        current.append(character)
      }
      backslashes = character == "\\" ? backslashes + 1 : 0
    }
    // A trailing pipe closes the last cell rather than opening an empty one.
    if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
      || !line.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("|")
    {
      cells.append(current)
    }
    return cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\\|", with: "|") }
  }

  /// A delimiter row's alignments, or nil when the line is not one.
  static func delimiterRow(_ line: String) -> [Alignment?]? {
    guard let cells = cells(line), !cells.isEmpty else { return nil }
    var alignments: [Alignment?] = []
    for cell in cells {
      let left = cell.hasPrefix(":")
      let right = cell.hasSuffix(":") && cell.count > 1
      let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
      guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
      alignments.append(left && right ? .center : left ? .left : right ? .right : nil)
    }
    return alignments
  }

  /// The marker comments: HTML blocks, which end the paragraph before them and
  /// keep a list as tight as it was.
  enum Marker {
    static func start(_ number: Int) -> String { "<!--primedoc-table-\(number)-->" }
    static let cell = "<!--primedoc-table-cell-->"
    static let end = "<!--primedoc-table-end-->"
    /// Before each cell's text, so no cell starts a block (`1.` a list, `#` a
    /// heading): inverted exclamation, punctuation, which leaves the flanking of a
    /// `*` or `_` after it as a line start does.
    static let guardMark = "\u{A1}"
  }

  /// The lines that stand for the table in the page: its markers, and a line per cell.
  func stand(in number: Int) -> [String] {
    var lines = [Marker.start(number)]
    for cell in header + rows.flatMap({ $0 }) {
      lines += [Marker.cell, Marker.guardMark + cell]
    }
    return lines + [Marker.end]
  }

  /// The table's HTML, from its cells as cmark rendered them (in order: header, then rows).
  func html(cells rendered: [String]) -> String {
    var html = "<table>\n<thead>\n<tr>\n"
    var next = rendered.makeIterator()
    func cell(_ tag: String, _ column: Int) -> String {
      let align = alignments[column].map { " align=\"\($0.rawValue)\"" } ?? ""
      return "<\(tag)\(align)>\(next.next() ?? "")</\(tag)>\n"
    }
    for column in header.indices { html += cell("th", column) }
    html += "</tr>\n</thead>\n"
    if !rows.isEmpty {
      html += "<tbody>\n"
      for _ in rows {
        html += "<tr>\n"
        for column in header.indices { html += cell("td", column) }
        html += "</tr>\n"
      }
      html += "</tbody>\n"
    }
    return html + "</table>\n"
  }

  /// Replaces each table's markers and cells in cmark's HTML with the table.
  static func assemble(_ html: String, tables: [PipeTable]) -> String {
    var result = html
    for (number, table) in tables.enumerated() {
      let start = Marker.start(number) + "\n"
      guard let open = result.range(of: start),
        let close = result.range(of: Marker.end + "\n", range: open.upperBound..<result.endIndex)
      else { continue }
      let inner = result[open.upperBound..<close.lowerBound]
      let cells = inner.components(separatedBy: Marker.cell + "\n").dropFirst().map(Self.cellHTML)
      result.replaceSubrange(open.lowerBound..<close.upperBound, with: table.html(cells: cells))
    }
    return result
  }

  /// A cell's inline HTML: cmark's paragraph (or, in a tight list, bare text)
  /// without its wrapper and the guard mark.
  private static func cellHTML(_ rendered: String) -> String {
    var text = Substring(rendered)
    if text.hasSuffix("\n") { text = text.dropLast() }
    if text.hasPrefix("<p>") && text.hasSuffix("</p>") { text = text.dropFirst(3).dropLast(4) }
    if text.hasPrefix(Marker.guardMark) { text = text.dropFirst() }
    return String(text)
  }
}
