/// Escaping for text primedoc puts into HTML itself. cmark renders with
/// `CMARK_OPT_UNSAFE` (so injected blocks survive), which makes every string
/// primedoc injects its own responsibility: scenario code, outputs, titles.
enum HTML {
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// `escape`, with every `http://` or `https://` URL made a link: what a scenario
  /// prints is text, but a commit, a mail or a spec it names should be one click
  /// away. A URL ends at white space, a quote, `<`, `>`, or a closing bracket or
  /// sentence punctuation that ends the line's text.
  static func escapeLinkingURLs(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let start = ["http://", "https://"].compactMap({ rest.firstRange(of: $0)?.lowerBound }).min() {
      out += escape(String(rest[..<start]))
      var end = rest[start...].firstIndex { $0.isWhitespace || "\"'<>".contains($0) } ?? rest.endIndex
      while end > start, ".,;:)]}".contains(rest[rest.index(before: end)]) { end = rest.index(before: end) }
      let url = escape(String(rest[start..<end]))
      out += url.hasSuffix("//") ? url : "<a href=\"\(url)\">\(url)</a>"
      rest = rest[end...]
    }
    return out + escape(String(rest))
  }
}
