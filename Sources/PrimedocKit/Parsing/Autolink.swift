/// GitHub's extended autolinks (cmark-gfm's autolink extension, `autolink.c`):
/// `www.` links, `http://`, `https://` and `ftp://` links, and email addresses
/// found in text, with cmark-gfm's rules for where a link may start, which
/// domains count, and which trailing characters (`.`, `)`, `&amp;`…) stay out.
enum Autolink {
  struct Match: Equatable {
    /// Scalar offsets into the text.
    var range: Range<Int>
    var url: String
  }

  static func matches(in text: String) -> [Match] {
    let scalars = Array(text.unicodeScalars)
    var matches: [Match] = []
    var index = 0
    while index < scalars.count {
      let found: Match? =
        switch scalars[index] {
        case "w", "W": www(scalars, at: index)
        case ":": url(scalars, at: index, after: matches.last?.range.upperBound ?? 0)
        case "@": email(scalars, at: index, after: matches.last?.range.upperBound ?? 0)
        default: nil
        }
      if let found {
        matches.append(found)
        index = found.range.upperBound
      } else {
        index += 1
      }
    }
    return matches
  }

  private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars)
    return text
  }

  private static func www(_ s: [Unicode.Scalar], at start: Int) -> Match? {
    if start > 0, !"*_~(".unicodeScalars.contains(s[start - 1]), !isSpace(s[start - 1]) { return nil }
    guard start + 4 <= s.count, string(s[start..<(start + 4)]).lowercased() == "www." else { return nil }
    guard let domain = domainLength(s, from: start, allowShort: false) else { return nil }
    let end = delimit(s, start: start, end: linkEnd(s, from: start + domain))
    guard end > start else { return nil }
    return Match(range: start..<end, url: "http://" + string(s[start..<end]))
  }

  private static func url(_ s: [Unicode.Scalar], at colon: Int, after floor: Int) -> Match? {
    guard colon + 3 <= s.count, s[colon + 1] == "/", s[colon + 2] == "/" else { return nil }
    var start = colon
    while start > floor, s[start - 1].properties.isAlphabetic, s[start - 1].isASCII { start -= 1 }
    let scheme = string(s[start..<colon]).lowercased()
    guard ["http", "https", "ftp"].contains(scheme),
      let domain = domainLength(s, from: colon + 3, allowShort: true)
    else { return nil }
    let end = delimit(s, start: start, end: linkEnd(s, from: colon + 3 + domain))
    guard end > colon + 3 else { return nil }
    return Match(range: start..<end, url: string(s[start..<end]))
  }

  private static func email(_ s: [Unicode.Scalar], at at: Int, after floor: Int) -> Match? {
    var start = at
    while start > floor {
      let c = s[start - 1]
      if isAlphanumeric(c) || ".+-_".unicodeScalars.contains(c) {
        start -= 1
      } else if c == "/" {
        return nil  // mailto:foo@bar, a path
      } else {
        break
      }
    }
    guard start < at else { return nil }
    var end = at
    var ats = 0
    var periods = 0
    while end < s.count {
      let c = s[end]
      if isAlphanumeric(c) {
      } else if c == "@" {
        ats += 1
      } else if c == ".", end + 1 < s.count, isAlphanumeric(s[end + 1]) {
        periods += 1
      } else if c != "-" && c != "_" {
        break
      }
      end += 1
    }
    let length = end - at
    guard length >= 2, ats == 1, periods > 0,
      s[end - 1].properties.isAlphabetic && s[end - 1].isASCII || s[end - 1] == "."
    else { return nil }
    end = delimit(s, start: start, end: end)
    guard end > at else { return nil }
    return Match(range: start..<end, url: "mailto:" + string(s[start..<end]))
  }

  /// The length of the domain at `from` (its first character taken as given), or
  /// nil when it is none: an underscore in its last two labels, or (unless
  /// `allowShort`) no period.
  private static func domainLength(_ s: [Unicode.Scalar], from: Int, allowShort: Bool) -> Int? {
    guard from < s.count else { return nil }
    var index = from + 1
    var periods = 0
    var underscoresBefore = 0
    var underscores = 0
    while index < s.count - 1 {
      let c = s[index]
      if c == "_" {
        underscores += 1
      } else if c == "." {
        underscoresBefore = underscores
        underscores = 0
        periods += 1
      } else if !isHostCharacter(c) && c != "-" {
        break
      }
      index += 1
    }
    if underscoresBefore > 0 || underscores > 0 { return nil }
    return allowShort || periods > 0 ? index - from : nil
  }

  /// The end of a link's text: the first space or `<`.
  private static func linkEnd(_ s: [Unicode.Scalar], from: Int) -> Int {
    var end = from
    while end < s.count, !isSpace(s[end]), s[end] != "<" { end += 1 }
    return end
  }

  /// Trailing characters that end a sentence, not a link: `?!.,:*_~'"`, a `)`
  /// without its `(`, an entity (`&hl;`) or a lone `;`.
  private static func delimit(_ s: [Unicode.Scalar], start: Int, end: Int) -> Int {
    var end = end
    var opening = 0
    var closing = 0
    for index in start..<end {
      if s[index] == "<" { return index }
      if s[index] == "(" { opening += 1 } else if s[index] == ")" { closing += 1 }
    }
    while end > start {
      let c = s[end - 1]
      if c == ")" {
        guard closing > opening else { break }
        closing -= 1
        end -= 1
      } else if "?!.,:*_~'\"".unicodeScalars.contains(c) {
        end -= 1
      } else if c == ";" {
        var entity = end - 2
        while entity > start, s[entity].properties.isAlphabetic, s[entity].isASCII { entity -= 1 }
        end = entity < end - 2 && s[entity] == "&" ? entity : end - 1
      } else {
        break
      }
    }
    return end
  }

  private static func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }

  private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
    c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))
  }

  /// Not a space and not punctuation (letters and digits in any script).
  private static func isHostCharacter(_ c: Unicode.Scalar) -> Bool {
    !isSpace(c) && !c.isCommonMarkPunctuation && (!c.isASCII || isAlphanumeric(c))
  }
}
