/// GitHub's footnotes (cmark-gfm's footnote extension) on top of libcmark, which
/// reads a definition `[^label]: text` as a paragraph.
///
/// A definition starts a line at the top level (outside code and HTML blocks); it
/// holds the rest of that line, the lazy lines of its first paragraph, and every
/// line after that is blank or indented by four spaces (less those four), so it
/// may hold code and quotes. Definitions are
/// taken out of the page and rendered on their own; a reference `[^label]` to one
/// becomes a numbered link, numbered in the order of first reference, and the
/// referenced notes are listed at the end (`<section class="footnotes">`, with a
/// link back). A reference to no definition stays text; an unreferenced note is
/// not shown.
struct Footnotes: Sendable {
  struct Definition: Sendable {
    var label: String
    var markdown: String
    /// The line of `[^label]:` in the page.
    var line: Int
  }

  var definitions: [Definition] = []
  /// Labels in the order of their first reference.
  var referenced: [String] = []

  /// `[^label]:` at the start of a line: the label and the rest of the line.
  static func definitionStart(_ line: Substring) -> (label: String, rest: Substring)? {
    let trimmed = line.drop { $0 == " " }
    guard line.count - trimmed.count <= 3, trimmed.hasPrefix("[^"),
      let close = trimmed.firstIndex(of: "]"), trimmed[trimmed.index(after: close)...].hasPrefix(":")
    else { return nil }
    let label = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close]
    guard !label.isEmpty, !label.contains(where: \.isWhitespace) else { return nil }
    return (String(label), trimmed[trimmed.index(close, offsetBy: 2)...])
  }

  /// Takes the definitions out of `lines`, which become blank (so the rest keeps
  /// its line numbers); `excluded` are the indices of lines inside code and HTML
  /// blocks, where a `[^label]:` is text. The definitions are read from the lines,
  /// not from cmark's tree: cmark takes `[^1]: Note.` for a link reference
  /// definition.
  mutating func extract(from lines: inout [String], excluding excluded: Set<Int>) {
    var index = 0
    while index < lines.count {
      guard !excluded.contains(index), let (label, rest) = Self.definitionStart(Substring(lines[index])) else {
        index += 1
        continue
      }
      let first = index
      var body = [String(rest.drop { $0 == " " })]
      var afterBlank = false
      index += 1
      while index < lines.count, !excluded.contains(index) || afterBlank {
        let line = lines[index]
        let indent = line.prefix { $0 == " " }.count
        if line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
          afterBlank = true
          body.append("")
        } else if indent >= 4 {
          body.append(String(line.dropFirst(4)))
        } else if !afterBlank && Self.definitionStart(Substring(line)) == nil {
          body.append(line)  // a lazy line of the first paragraph
        } else {
          break
        }
        index += 1
      }
      while body.count > 1, body.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
        body.removeLast()
      }
      for blank in first..<(first + body.count) { lines[blank] = "" }
      if definition(for: label) == nil {
        definitions.append(Definition(label: label, markdown: body.joined(separator: "\n") + "\n", line: first + 1))
      }
      index = first + body.count
    }
  }

  /// The number of the note `label` refers to, numbering it at its first
  /// reference; nil when no definition has that label.
  mutating func number(for label: String) -> Int? {
    guard definition(for: label) != nil else { return nil }
    if let known = referenced.firstIndex(where: { $0.lowercased() == label.lowercased() }) { return known + 1 }
    referenced.append(label)
    return referenced.count
  }

  /// The definition of `label`; labels match without regard to case, as links' do.
  func definition(for label: String) -> Definition? {
    definitions.first { $0.label.lowercased() == label.lowercased() }
  }

  /// `<sup>` with the link to note `number`.
  static func reference(_ number: Int) -> String {
    "<sup class=\"footnote-ref\"><a href=\"#fn\(number)\" id=\"fnref\(number)\">\(number)</a></sup>"
  }

  /// The notes referenced, in order, each rendered by `render`, with a link back
  /// at the end of its last paragraph (or after its last block).
  func section(render: (String) -> String) -> String {
    guard !referenced.isEmpty else { return "" }
    var html = "<section class=\"footnotes\">\n<ol>\n"
    for (offset, label) in referenced.enumerated() {
      let number = offset + 1
      guard let definition = definition(for: label) else { continue }
      let back = "<a href=\"#fnref\(number)\" class=\"footnote-backref\">↩</a>"
      var body = render(definition.markdown)
      if body.hasSuffix("</p>\n") {
        body = String(body.dropLast(5)) + " \(back)</p>\n"
      } else {
        body += back + "\n"
      }
      html += "<li id=\"fn\(number)\">\n\(body)</li>\n"
    }
    return html + "</ol>\n</section>\n"
  }
}
