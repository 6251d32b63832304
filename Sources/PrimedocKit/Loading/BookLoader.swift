import Foundation

/// Reads a book folder: `SUMMARY.md` for the order, then every page it lists,
/// collecting every problem it finds (not just the first) as file:line diagnostics.
enum BookLoader {
  static let summaryFile = "SUMMARY.md"

  static func load(_ location: BookLocation) throws(PrimedocError) -> Book {
    let root = location.url
    let displayRoot = location.display
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PrimedocError(nil, "no book folder at '\(displayRoot)': it must hold SUMMARY.md and the pages")
    }
    let realRoot = root.resolvingSymlinksInPath().standardizedFileURL
    let summaryDisplay = join(displayRoot, summaryFile)
    let summaryURL = root.appendingPathComponent(summaryFile)
    guard FileManager.default.fileExists(atPath: summaryURL.path) else {
      throw PrimedocError(
        SourceLocation(file: summaryDisplay, line: 1), "missing: list the book's pages there as links, in reading order"
      )
    }
    var summary = try SourceFile.read(summaryURL, displayPath: summaryDisplay)
    // SUMMARY.md's front matter holds what applies to every page.
    let (bookMatter, summaryBody) = try FrontMatter.split(summary.text, file: summaryDisplay)
    summary.text = summaryBody
    let entries = try Summary.entries(of: summary)

    // Each page on every core: reading and parsing a thousand of them is most of
    // a check that finds everything in the cache.
    var (pages, diagnostics) = entries.parallelMap { entry throws(PrimedocError) -> Page in
      let location = SourceLocation(file: summaryDisplay, line: entry.line)
      let url = root.appendingPathComponent(entry.path)
      let real = url.resolvingSymlinksInPath().standardizedFileURL
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw PrimedocError(location, "SUMMARY.md links to '\(entry.path)', which does not exist in '\(displayRoot)'")
      }
      guard real.path.hasPrefix(realRoot.path + "/") else {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? real.path
        throw PrimedocError(location, "'\(entry.path)' is a symbolic link to '\(target)', outside the book folder")
      }
      return try loadPage(entry, url: url, displayRoot: displayRoot, book: bookMatter)
    }
    let listed = Set(entries.map(\.path))
    for orphan in markdownFiles(under: root) where orphan != summaryFile && !listed.contains(orphan) {
      diagnostics.append(
        .error(
          SourceLocation(file: join(displayRoot, orphan), line: 1),
          "this page is not listed in SUMMARY.md; add a link to it there or move it out of '\(displayRoot)'"))
    }
    if entries.isEmpty {
      diagnostics.append(
        .error(SourceLocation(file: summaryDisplay, line: 1), "the book is empty: SUMMARY.md links to no page"))
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    return Book(location: location, pages: pages)
  }

  /// `book` is SUMMARY.md's front matter: what a page's own does not say.
  private static func loadPage(_ entry: Summary.Entry, url: URL, displayRoot: String, book: FrontMatter)
    throws(PrimedocError) -> Page
  {
    let displayPath = join(displayRoot, entry.path)
    let source = try SourceFile.read(url, displayPath: displayPath)
    let (frontMatter, body) = try FrontMatter.split(source.text, file: displayPath)
    return Page(
      path: entry.path, displayPath: displayPath, title: frontMatter.title ?? entry.title,
      summary: frontMatter.summary, swiftVersion: frontMatter.swiftVersion ?? book.swiftVersion ?? .standard,
      importsLibrary: frontMatter.importsLibrary ?? book.importsLibrary ?? true,
      autolinks: frontMatter.autolinks ?? book.autolinks ?? true, depth: entry.depth,
      source: source, body: body,
      document: CommonMarkConverter.parse(body))
  }

  /// Every `.md` file below `root`, relative to it, hidden folders skipped.
  private static func markdownFiles(under root: URL) -> [String] {
    FileManager.default.relativePaths(under: root, skippingHidden: true).filter { $0.hasSuffix(".md") }
  }

  static func join(_ folder: String, _ file: String) -> String {
    folder.isEmpty || folder == "." ? file : (folder.hasSuffix("/") ? folder + file : folder + "/" + file)
  }
}
