import Foundation

/// A link of a page as the book sees it: a path inside the book folder (relative
/// to it, `.` and `..` resolved) and a fragment. External links (any scheme:
/// `https:`, `mailto:`…, or `//host`) are none of the book's business.
struct BookLink: Sendable, Hashable {
  /// Relative to the book folder; nil for a link to a place on the same page.
  var path: String?
  var fragment: String?
  /// It leaves the book folder (`../..`).
  var escapes = false

  /// nil for an external link.
  init?(destination: String, from pagePath: String) {
    guard !Self.isExternal(destination) else { return nil }
    var rest = Substring(destination)
    if let hash = rest.firstIndex(of: "#") {
      fragment = String(rest[rest.index(after: hash)...]).removingPercentEncoding
      rest = rest[..<hash]
    }
    if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
    let decoded = String(rest).removingPercentEncoding ?? String(rest)
    guard !decoded.isEmpty else { return }
    // A link starting with `/` is relative to the book folder, as on a site served from it.
    let base = decoded.hasPrefix("/") ? [] : pagePath.split(separator: "/").dropLast().map(String.init)
    var parts: [String] = base
    for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if parts.isEmpty { escapes = true } else { parts.removeLast() }
      } else {
        parts.append(String(part))
      }
    }
    path = parts.joined(separator: "/")
  }

  /// A scheme (`https:`, `mailto:`, `data:`) or a network path (`//host`).
  static func isExternal(_ destination: String) -> Bool {
    if destination.hasPrefix("//") { return true }
    guard let colon = destination.firstIndex(of: ":"), let first = destination.unicodeScalars.first,
      first.properties.isAlphabetic
    else { return false }
    let scheme = destination[..<colon]
    return !scheme.contains("/") && !scheme.contains("#") && !scheme.contains("?")
      && scheme.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
      }
  }
}
