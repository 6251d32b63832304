import Foundation

/// Where a book is: its folder, and the folder as the user named it, which
/// prefixes every path in messages (`docs-src/importing.md:12`).
struct BookLocation: Sendable, Hashable {
  var url: URL
  var display: String

  init(url: URL, display: String) {
    self.url = url
    self.display = display
  }

  /// The folder as typed on the command line, normalised (`./docs-src/` → `docs-src`).
  init(path: String) {
    var display = path
    while display.hasSuffix("/") && display.count > 1 { display.removeLast() }
    if display.hasPrefix("./") { display.removeFirst(2) }
    self.init(url: URL(fileURLWithPath: display), display: display)
  }
}

/// A book: the pages of `docs-src/` in the order `SUMMARY.md` gives them.
struct Book: Sendable {
  var location: BookLocation
  var pages: [Page]
  /// Files beside the pages that links and images point at (relative to the book
  /// folder), which the site holds at the same path; found by the link check.
  var assets: [String] = []

  /// Where a page's file is.
  func url(of page: Page) -> URL { location.url.appendingPathComponent(page.path) }
}

/// One Markdown page of the book.
struct Page: Sendable {
  /// Relative to the book's folder (`importing.md`).
  var path: String
  /// As diagnostics print it (`docs-src/importing.md`).
  var displayPath: String
  /// From front matter, else the SUMMARY.md link text.
  var title: String
  var summary: String?
  /// The language mode of its sessions unless a scenario names another: its front
  /// matter's `swift-version`, else SUMMARY.md's, else `SwiftVersion.standard`.
  var swiftVersion: SwiftVersion = .standard
  /// Whether its sessions import the documented library (`DocumentedLibrary`):
  /// `library: none` in its front matter or SUMMARY.md's says they do not, for a
  /// book of plain Swift.
  var importsLibrary = true
  /// GitHub's extended autolinks (`www.x.org`, a bare URL or address); `autolinks:
  /// false` in its front matter or SUMMARY.md's keeps CommonMark's text.
  var autolinks = true
  /// Nesting level in SUMMARY.md; 0 for top-level chapters.
  var depth: Int
  var source: SourceFile
  /// The text cmark parses: the file with its front matter blanked out.
  var body: String
  var document: MarkdownDocument
}
