// Small text helpers every stage may use.

extension String {
  func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }

  func trimmingSuffix(_ suffix: String) -> String {
    var text = self
    while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
    return text
  }

  /// The lines, split at every line feed, a CRLF's included: Swift reads
  /// `"\r\n"` as one Character, which `split(separator: "\n")` never splits.
  var lineSlices: [Substring] {
    split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
  }

  /// Without a leading `path:N: ` (`numbers` 1) or `path:N:M: ` (2), as compilers
  /// and the Swift runtime start their messages; the line itself when it has none.
  func droppingLocation(numbers: Int) -> String {
    let parts = split(separator: ":", maxSplits: numbers + 1, omittingEmptySubsequences: false)
    guard parts.count == numbers + 2, !parts[0].isEmpty, parts[1...numbers].allSatisfy({ Int($0) != nil })
    else { return self }
    return String(parts[numbers + 1].drop { $0 == " " })
  }

  /// A file-name-safe form of a page path (`guide/intro.md` → `guide_intro_md`).
  var identifier: String {
    String(map { $0.isLetter || $0.isNumber ? $0 : "_" })
  }
}

extension Substring {
  /// Without trailing spaces, tabs and a carriage return: how output lines and
  /// front-matter fences are compared.
  func trimmingTrailingSpace() -> Substring {
    var end = endIndex
    while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" || last == "\r" {
      end = index(before: end)
    }
    return self[..<end]
  }
}
