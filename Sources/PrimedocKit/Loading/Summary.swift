import Foundation

/// `SUMMARY.md`, read as mdBook reads it: every link is a page, in order, nested by
/// the lists that hold it; a link with an empty target is a draft and skipped.
enum Summary {
  struct Entry: Sendable, Equatable {
    /// Normalised, relative to the book folder.
    var path: String
    var title: String
    var depth: Int
    var line: Int
  }

  static func entries(of file: SourceFile) throws(PrimedocError) -> [Entry] {
    let links = CommonMarkConverter.parse(file.text).links
    var entries: [Entry] = []
    var diagnostics: [Diagnostic] = []
    var seen: [String: Int] = [:]
    for link in links where !link.destination.isEmpty && !link.isImage {
      let location = SourceLocation(file: file.displayPath, line: link.line)
      switch normalise(link.destination) {
      case .failure(let problem):
        diagnostics.append(.error(location, problem.description))
      case .success(let path):
        if let first = seen[path] {
          diagnostics.append(.error(location, "'\(path)' is listed twice in SUMMARY.md (first on line \(first))"))
          continue
        }
        seen[path] = link.line
        entries.append(Entry(path: path, title: link.text, depth: max(0, link.listDepth - 1), line: link.line))
      }
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    return entries
  }

  /// Turns a link target into a path inside the book, or says why it cannot be one.
  private static func normalise(_ destination: String) -> Result<String, BadLink> {
    let target =
      destination.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    let decoded = target.removingPercentEncoding ?? target
    if decoded.contains("://") || decoded.hasPrefix("mailto:") {
      return .failure(BadLink("SUMMARY.md links to '\(destination)', which is not a page of the book"))
    }
    if decoded.hasPrefix("/") {
      return .failure(
        BadLink("SUMMARY.md links to '\(destination)', an absolute path; use a path relative to the book folder"))
    }
    guard decoded.hasSuffix(".md") else {
      return .failure(BadLink("SUMMARY.md links to '\(destination)', which is not a Markdown (.md) page"))
    }
    var parts: [Substring] = []
    for part in decoded.split(separator: "/") where part != "." {
      if part == ".." {
        guard !parts.isEmpty else {
          return .failure(BadLink("SUMMARY.md links to '\(destination)', outside the book folder"))
        }
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return .success(parts.joined(separator: "/"))
  }

  struct BadLink: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
