/// Turns a verified book into a site: each page is cmark's rendering of its
/// Markdown (unchanged, CommonMark exact) with scenarios replaced by their code and
/// verified output, headings given anchors, inside a layout with the book's
/// contents, an "on this page" list, previous/next links and a search box. Every
/// asset is written by primedoc; nothing is fetched from elsewhere.
enum SiteRenderer {
  /// Files of the site by relative path.
  static func render(_ report: CheckReport) -> [String: String] {
    var files: [String: String] = [
      "style.css": SiteAssets.stylesheet, "primedoc.js": SiteAssets.script,
    ]
    var search: [SearchIndex.Entry] = []
    for (position, page) in report.pages.enumerated() {
      let (html, entries) = renderPage(page, position: position, report: report)
      files[htmlPath(page.page.page.path)] = html
      if position == 0 { files["index.html"] = html }
      search += entries
    }
    files["search-index.js"] = SearchIndex.script(search)
    return files
  }

  static func htmlPath(_ markdownPath: String) -> String {
    String(markdownPath.dropLast(3)) + ".html"
  }

  private static func renderPage(_ page: PageReport, position: Int, report: CheckReport) -> (String, [SearchIndex.Entry]) {
    let source = page.page.page
    let root = String(repeating: "../", count: source.path.split(separator: "/").count - 1)
    let url = htmlPath(source.path)

    var replacements: [Int: String] = [:]
    for (scenario, result) in zip(page.page.scenarios, page.results) {
      replacements[scenario.block.ordinal] = ScenarioHTML.render(
        scenario, in: page.page, result: result, provenance: report.provenance)
      if let expected = scenario.expected { replacements[expected.ordinal] = "" }
    }
    var slugger = Slugger()
    let headings = source.document.headings.map { (heading: $0, id: slugger.slug($0.text)) }
    let content = CommonMarkConverter.renderHTML(
      source.body, replacingCodeBlocks: replacements, headingIDs: headings.map(\.id), rewriteLink: rewrite)

    var entries = headings.map { SearchIndex.Entry(title: $0.heading.text, page: source.title, url: "\(url)#\($0.id)") }
    entries += page.page.scenarios.filter { !$0.attributes.hidden }.map {
      SearchIndex.Entry(title: "scenario \($0.name)", page: source.title, url: "\(url)#scenario-\($0.name)")
    }

    let navigation = report.pages.map { other in
      let target = other.page.page
      let current = target.path == source.path ? " aria-current=\"page\"" : ""
      return "<li class=\"depth-\(target.depth)\"><a href=\"\(root)\(HTML.escape(htmlPath(target.path)))\"\(current)>\(HTML.escape(target.title))</a></li>"
    }.joined(separator: "\n")
    let contents = headings.filter { (2...3).contains($0.heading.level) }.map {
      "<li class=\"toc-\($0.heading.level)\"><a href=\"#\($0.id)\">\(HTML.escape($0.heading.text))</a></li>"
    }.joined(separator: "\n")
    let previous = position > 0 ? report.pages[position - 1].page.page : nil
    let next = position + 1 < report.pages.count ? report.pages[position + 1].page.page : nil
    let pager = [
      previous.map { "<a class=\"previous\" rel=\"prev\" href=\"\(root)\(HTML.escape(htmlPath($0.path)))\">← \(HTML.escape($0.title))</a>" },
      next.map { "<a class=\"next\" rel=\"next\" href=\"\(root)\(HTML.escape(htmlPath($0.path)))\">\(HTML.escape($0.title)) →</a>" },
    ].compactMap { $0 }.joined(separator: "\n")
    let total = report.results.count
    let verified = report.results.filter { $0.status == .verified }.count
    let banner =
      position == 0
      ? "<p class=\"book-summary\">This book holds \(total) scenario\(total == 1 ? "" : "s"); \(verified) verified against their expected output by this build, every one compiled and run.</p>\n"
      : ""
    let html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(HTML.escape(source.title))</title>
      <link rel="stylesheet" href="\(root)style.css">
      <script defer src="\(root)search-index.js"></script>
      <script defer src="\(root)primedoc.js"></script>
      </head>
      <body data-root="\(root)">
      <nav class="sidebar" aria-label="Book">
      <input type="search" class="search" placeholder="Search pages and scenarios" aria-label="Search">
      <ol class="search-results"></ol>
      <ol class="chapters">
      \(navigation)
      </ol>
      </nav>
      <main>
      \(banner)\(content)<nav class="pager">\(pager)</nav>
      </main>
      <aside class="toc" aria-label="On this page"><p>On this page</p><ol>
      \(contents)
      </ol></aside>
      </body>
      </html>

      """
    return (html, entries)
  }

  /// Links between pages point at their HTML.
  private static func rewrite(_ link: String) -> String {
    guard !link.contains("://") else { return link }
    let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    guard let path = parts.first, path.hasSuffix(".md") else { return link }
    return htmlPath(String(path)) + (parts.count == 2 ? "#" + parts[1] : "")
  }
}
