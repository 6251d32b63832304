/// What primedoc needs from a parsed Markdown file, as plain `Sendable` values:
/// cmark's pointers never leave `CommonMarkConverter.swift`.
struct MarkdownDocument: Sendable {
  var codeBlocks: [CodeBlock] = []
  var headings: [Heading] = []
  var links: [Link] = []
}

/// A code block with cmark's source position. Lines are 1-based and count the
/// fences themselves: `startLine` is the opening fence, `endLine` the closing one
/// (or the last line of its container when the fence was never closed).
struct CodeBlock: Sendable, Hashable {
  /// Position among all code blocks of the document, in order; the renderer uses
  /// it to replace this block's HTML.
  var ordinal: Int
  var isFenced: Bool
  var info: String
  var literal: String
  var startLine: Int
  var endLine: Int
  var startColumn: Int

  /// The first line of code, which `#sourceLocation` points at.
  var firstCodeLine: Int { isFenced ? startLine + 1 : startLine }
}

struct Heading: Sendable, Hashable {
  var level: Int
  /// Its text, without a trailing `{#custom-id}`.
  var text: String
  var line: Int
  /// The id its `{#custom-id}` asks for.
  var customID: String? = nil

  /// Splits ` {#id}` off the end of a heading's text: the id, and the text
  /// before it. An id is letters, digits, `-`, `_`, `.` and `:`, a letter first.
  static func customID(in text: String) -> (id: String, text: String)? {
    guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return nil }
    let id = text[open.upperBound..<text.index(before: text.endIndex)]
    guard let first = id.unicodeScalars.first, first.properties.isAlphabetic,
      id.unicodeScalars.allSatisfy({
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)
      })
    else { return nil }
    var before = String(text[..<open.lowerBound])
    while before.last == " " || before.last == "\t" { before.removeLast() }
    return (String(id), before)
  }
}

/// A link with the line of the block that holds it and how many lists enclose it
/// (SUMMARY.md's nesting).
struct Link: Sendable, Hashable {
  var destination: String
  var text: String
  var line: Int
  var listDepth: Int
  /// `![…](…)`: an image, which the site must hold.
  var isImage = false
}
