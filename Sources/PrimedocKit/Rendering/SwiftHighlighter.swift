import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Highlights Swift with swift-syntax's own classifier (the one SourceKit-LSP
/// uses), not with regular expressions: each classified range becomes a `<span>`,
/// and every piece of text is escaped.
enum SwiftHighlighter {
  static func html(_ source: String) -> String {
    let tree = Parser.parse(source: source)
    let bytes = Array(source.utf8)
    var html = ""
    var position = 0
    for classified in tree.classifications {
      // Ranges are UTF-8 offsets; anything between them is plain text.
      let start = classified.range.lowerBound.utf8Offset
      let end = classified.range.upperBound.utf8Offset
      if start > position { html += HTML.escape(String(decoding: bytes[position..<start], as: UTF8.self)) }
      let text = HTML.escape(String(decoding: bytes[start..<end], as: UTF8.self))
      if let css = cssClass(classified.kind) { html += "<span class=\"\(css)\">\(text)</span>" } else { html += text }
      position = end
    }
    if position < bytes.count { html += HTML.escape(String(decoding: bytes[position...], as: UTF8.self)) }
    return html
  }

  private static func cssClass(_ kind: SyntaxClassification) -> String? {
    switch kind {
    case .keyword: "kw"
    case .type: "type"
    case .stringLiteral: "str"
    case .integerLiteral, .floatLiteral: "num"
    case .lineComment, .blockComment, .docLineComment, .docBlockComment: "com"
    case .attribute: "attr"
    case .argumentLabel: "label"
    default: nil
    }
  }
}

/// Highlighted code by its text, for one page's rendering: swift-syntax is the
/// slowest step of rendering, and a page's full programs repeat its blocks.
final class HighlightMemo {
  private var done: [String: String] = [:]

  func html(_ code: String) -> String {
    if let known = done[code] { return known }
    let html = SwiftHighlighter.html(code)
    done[code] = html
    return html
  }
}
