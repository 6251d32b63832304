import Foundation

/// A book: the pages of `docs-src/` in the order `SUMMARY.md` gives them.
public struct Book: Sendable {
  /// The book's folder, absolute.
  public var root: URL
  /// The folder as the user named it, used as the prefix of every diagnostic path.
  public var displayRoot: String
  public var pages: [Page]

  public func page(at path: String) -> Page? {
    pages.first { $0.path == path || $0.displayPath == path }
  }
}

/// One Markdown page of the book.
public struct Page: Sendable {
  /// Relative to the book's folder (`importing.md`).
  public var path: String
  /// As diagnostics print it (`docs-src/importing.md`).
  public var displayPath: String
  /// From front matter, else the SUMMARY.md link text.
  public var title: String
  public var summary: String?
  /// Nesting level in SUMMARY.md; 0 for top-level chapters.
  public var depth: Int
  var source: SourceFile
  /// The text cmark parses: the file with its front matter blanked out.
  var body: String
  var document: MarkdownDocument
}
