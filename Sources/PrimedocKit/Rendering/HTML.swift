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
}
