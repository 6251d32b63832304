import Foundation

/// Every relative link and image of the book must land: on a page of the book, on
/// a file beside the pages, or on a heading or scenario anchor of its target page.
/// External links (`https:`, `mailto:`) are left alone: no network. What does not
/// land is a `file:line` error, with the nearest page, file or anchor when there
/// is one; the files that do are the book's assets, which the site holds at the
/// same relative path.
enum LinkChecker {
  struct Result: Sendable {
    var diagnostics: [Diagnostic]
    /// Files beside the pages that links and images point at, relative to the book folder.
    var assets: [String]
  }

  static func check(_ book: Book, _ pages: [PageScenarios]) -> Result {
    var anchors = Dictionary(uniqueKeysWithValues: pages.map { ($0.path, Self.anchors(of: $0)) })
    // The site's index.html is its first page.
    if let first = pages.first, anchors["index.md"] == nil { anchors["index.html"] = anchors[first.path] }
    var diagnostics: [Diagnostic] = []
    var assets: Set<String> = []
    var files = FileIndex(root: book.location.url)
    for page in pages {
      let lines = page.page.source.text.lineSlices
      for link in page.page.document.links {
        guard let target = BookLink(destination: link.destination, from: page.path) else { continue }
        let location = SourceLocation(file: page.displayPath, line: line(of: link, in: lines))
        let what = link.isImage ? "image '\(link.destination)'" : "link to '\(link.destination)'"
        if target.escapes {
          diagnostics.append(.error(location, "\(what) leads outside the book folder"))
          continue
        }
        let path = target.path ?? page.path
        if let pageAnchors = anchors[path] ?? anchors[markdownPath(ofHTML: path)] {
          guard let fragment = target.fragment, !fragment.isEmpty, !pageAnchors.contains(fragment) else { continue }
          let hint = NearMiss.suggestion(for: fragment, among: pageAnchors.sorted()).map { "; did you mean '#\($0)'?" }
          diagnostics.append(
            .error(location, "\(what): \(path) has no heading or scenario with the anchor '\(fragment)'\(hint ?? "")"))
          continue
        }
        switch files.kind(of: path) {
        case .file: assets.insert(path)
        case .folder: diagnostics.append(.error(location, "\(what): '\(path)' is a folder, not a file"))
        case .none:
          let candidates = path.hasSuffix(".md") ? Array(anchors.keys) : files.all
          let hint = NearMiss.suggestion(for: path, among: candidates.sorted()).map { "; did you mean '\($0)'?" }
          diagnostics.append(
            .error(location, "\(what): '\(path)' is not a page of the book or a file beside its pages\(hint ?? "")"))
        }
      }
    }
    return Result(diagnostics: diagnostics, assets: assets.sorted())
  }

  /// What `#…` may name on a page: its headings' ids and its scenarios' anchors.
  static func anchors(of page: PageScenarios) -> Set<String> {
    Set(page.headingIDs + page.scenarios.map(\.anchor))
  }

  /// `x.html` for a page `x.md`: links written for the site land too.
  private static func markdownPath(ofHTML path: String) -> String {
    path.hasSuffix(".html") ? String(path.dropLast(5)) + ".md" : path
  }

  /// The line that holds the link: cmark gives its block's first line; the
  /// destination, as written, is usually on a later one.
  private static func line(of link: Link, in lines: [Substring]) -> Int {
    let start = max(0, link.line - 1)
    guard start < lines.count else { return link.line }
    for index in start..<lines.count where lines[index].contains(link.destination) {
      return index + 1
    }
    return link.line
  }
}

/// The files of the book folder, listed once and only when a link needs them.
private struct FileIndex {
  var root: URL
  private var listed: [String]?

  init(root: URL) { self.root = root }

  enum Kind { case file, folder, none }

  func kind(of path: String) -> Kind {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
    else { return .none }
    return isFolder.boolValue ? .folder : .file
  }

  /// Every file below the root, relative to it, for suggestions.
  var all: [String] {
    mutating get {
      if let listed { return listed }
      let files = FileManager.default.relativePaths(under: root, skippingHidden: false)
      listed = files
      return files
    }
  }
}
