import Foundation

/// Turns a verified book into a site: each page is cmark's rendering of its
/// Markdown (unchanged, CommonMark exact) with scenarios replaced by their code and
/// verified output, headings given anchors, inside a layout with the book's
/// contents, an "on this page" list, previous/next links and a search box, laid
/// out by the theme's page template. Every asset is written by primedoc or comes
/// from the theme; nothing is fetched from elsewhere.
enum SiteRenderer {
  static func render(_ report: CheckReport, theme: Theme, provenance: SiteProvenance) -> Site {
    var site = Site(pages: [:], assets: theme.assets)
    let book = report.book
    for asset in book.assets { site.copies[asset] = book.location.url.appendingPathComponent(asset) }
    let pagePaths = Set(report.pages.map(\.page.path))
    var search: [SearchIndex.Entry] = []
    let context = bookContext(report)
    for (position, page) in report.pages.enumerated() {
      let (html, entries) = renderPage(
        page, position: position, report: report, book: context, pagePaths: pagePaths, theme: theme,
        provenance: provenance)
      site.pages[htmlPath(page.page.path)] = html
      if position == 0 { site.pages["index.html"] = html }
      search += entries
    }
    site.pages["search-index.js"] = SearchIndex.script(search)
    site.pages[SharedContents.script] = SharedContents.script(context.chapters)
    site.pages[SharedContents.page] = SharedContents.page(context.chapters, bookTitle: context.title)
    return site
  }

  static func htmlPath(_ markdownPath: String) -> String {
    String(markdownPath.dropLast(3)) + ".html"
  }

  /// The template's values that are the same on every page, computed once.
  private struct BookContext {
    var title: String
    var scenarios: String
    var verifiedCount: Int
    var chapters: [PageContext.Chapter]
  }

  private static func bookContext(_ report: CheckReport) -> BookContext {
    let results = report.results
    return BookContext(
      title: report.pages.first?.sourcePage.title ?? "",
      scenarios: "\(results.count) scenario\(results.count == 1 ? "" : "s")",
      verifiedCount: results.filter { $0.status == .verified }.count,
      chapters: report.pages.map {
        PageContext.Chapter(
          href: htmlPath($0.page.path), title: $0.sourcePage.title, depth: $0.sourcePage.depth, current: false)
      })
  }

  private static func link(_ target: Page) -> PageContext.Link {
    .init(href: htmlPath(target.path), title: target.title)
  }

  private static func renderPage(
    _ page: PageReport, position: Int, report: CheckReport, book: BookContext, pagePaths: Set<String>, theme: Theme,
    provenance: SiteProvenance
  ) -> (String, [SearchIndex.Entry]) {
    let source = page.sourcePage
    let root = String(repeating: "../", count: source.path.split(separator: "/").count - 1)
    let url = htmlPath(source.path)

    var replacements: [Int: String] = [:]
    let highlighter = HighlightMemo()
    for (scenario, result) in zip(page.page.scenarios, page.results) {
      replacements[scenario.block.ordinal] = ScenarioHTML.render(
        scenario, in: page.page, result: result, provenance: provenance, highlighter: highlighter)
      if let expected = scenario.expected { replacements[expected.ordinal] = "" }
    }
    let (content, headings) = Self.content(
      of: source, replacingCodeBlocks: replacements, headingIDs: page.page.headingIDs, pages: pagePaths)

    var entries = headings.map { SearchIndex.Entry(title: $0.heading.text, page: source.title, url: "\(url)#\($0.id)") }
    entries += page.page.scenarios.filter { !$0.attributes.hidden }.map {
      SearchIndex.Entry(title: "scenario \($0.name)", page: source.title, url: "\(url)#\($0.anchor)")
    }

    var chapters = book.chapters
    chapters[position].current = true
    let context = PageContext(
      title: source.title, bookTitle: book.title, root: root, href: url, content: content, isFirstPage: position == 0,
      scenarios: book.scenarios, verifiedCount: book.verifiedCount, chapters: chapters,
      headings: headings.filter { (2...3).contains($0.heading.level) }.map {
        PageContext.Heading(id: $0.id, text: $0.heading.text, level: $0.heading.level)
      },
      previous: position > 0 ? link(report.pages[position - 1].sourcePage) : nil,
      next: position + 1 < report.pages.count ? link(report.pages[position + 1].sourcePage) : nil)
    let html = theme.page.render(context)
    return (html, entries)
  }

  /// A page's Markdown as HTML: cmark's rendering, with the given code blocks
  /// replaced, headings given `ids` (`PageScenarios.headingIDs`) and permalinks,
  /// and links to pages of the book (`pages`) pointing at their HTML. Also its
  /// headings with their ids.
  static func content(
    of source: Page, replacingCodeBlocks replacements: [Int: String], headingIDs ids: [String], pages: Set<String>
  ) -> (html: String, headings: [(heading: Heading, id: String)]) {
    let headings = zip(source.document.headings, ids).map { (heading: $0, id: $1) }
    let html = CommonMarkConverter.renderHTML(
      source.body, replacingCodeBlocks: replacements, headingIDs: ids, autolinks: source.autolinks,
      rewriteLink: { rewrite($0, from: source.path, pages: pages) })
    return (html, headings)
  }

  /// Links to pages of the book point at their HTML; every other link (a file
  /// beside the pages, `mailto:x@y.md`) is left as written.
  static func rewrite(_ link: String, from page: String, pages: Set<String>) -> String {
    guard let target = BookLink(destination: link, from: page), let path = target.path, pages.contains(path) else {
      return link
    }
    let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    guard let written = parts.first, written.hasSuffix(".md") else { return link }
    return htmlPath(String(written)) + (parts.count == 2 ? "#" + parts[1] : "")
  }
}

/// A rendered site: the pages primedoc generated and the theme's files.
struct Site: Sendable {
  /// HTML pages and the search index, by relative path.
  var pages: [String: String]
  /// The theme's files, copied as they are.
  var assets: [String: Data]
  /// The book's files beside its pages, by relative path: copied from where they are.
  var copies: [String: URL] = [:]

  var files: [String: Data] {
    assets.merging(pages.mapValues { Data($0.utf8) }) { _, page in page }
  }
}
