/// Turns a verified book into HTML pages: cmark's rendering of each page with its
/// scenarios replaced by code and their verified outputs. A plain renderer; the
/// site's reading experience is its own piece of work (issue 5).
enum SiteRenderer {
  /// Files of the site by relative path.
  static func render(_ report: CheckReport) -> [String: String] {
    var files: [String: String] = ["style.css": stylesheet]
    let pages = report.pages
    for (position, page) in pages.enumerated() {
      let html = renderPage(page, position: position, report: report)
      files[htmlPath(page.page.page.path)] = html
      if position == 0 { files["index.html"] = html }
    }
    return files
  }

  static func htmlPath(_ markdownPath: String) -> String {
    String(markdownPath.dropLast(3)) + ".html"
  }

  private static func renderPage(_ page: PageReport, position: Int, report: CheckReport) -> String {
    let source = page.page.page
    let depth = source.path.split(separator: "/").count - 1
    let root = String(repeating: "../", count: depth)
    var replacements: [Int: String] = [:]
    for (scenario, result) in zip(page.page.scenarios, page.results) {
      replacements[scenario.block.ordinal] = scenarioHTML(scenario, result)
      if let expected = scenario.expected { replacements[expected.ordinal] = "" }
    }
    let content = CommonMarkConverter.renderHTML(source.body, replacingCodeBlocks: replacements) { link in
      rewrite(link)
    }
    let navigation = report.pages.map { other in
      let target = other.page.page
      let current = target.path == source.path ? " aria-current=\"page\"" : ""
      return "<li class=\"depth-\(target.depth)\"><a href=\"\(root)\(HTML.escape(htmlPath(target.path)))\"\(current)>\(HTML.escape(target.title))</a></li>"
    }.joined(separator: "\n")
    let total = report.results.count
    let banner = position == 0 ? "<p class=\"book-summary\">This book holds \(total) scenario\(total == 1 ? "" : "s"); all were compiled, run and verified by this build.</p>\n" : ""
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(HTML.escape(source.title))</title>
      <link rel="stylesheet" href="\(root)style.css">
      </head>
      <body>
      <nav><ol>
      \(navigation)
      </ol></nav>
      <main>
      \(banner)\(content)</main>
      </body>
      </html>

      """
  }

  /// A scenario's code and, under it, its output with a badge saying what was verified.
  private static func scenarioHTML(_ scenario: Scenario, _ result: ScenarioResult) -> String {
    if scenario.attributes.hidden { return "" }
    let anchor = "scenario-\(scenario.name)"
    var html = "<div class=\"scenario\" id=\"\(HTML.escape(anchor))\"><pre><code class=\"language-swift\">\(HTML.escape(scenario.code))</code></pre>"
    let badge: String? =
      switch (result.status, scenario.attributes) {
      case (.verified, let a) where a.compileFail: "compile-fail verified"
      case (.verified, let a) where a.expectFailure: "expected failure verified"
      case (.verified, _): "verified"
      case (.unverified, _): "ran, not verified"
      default: nil
      }
    let shown = scenario.expectedOutput ?? result.output?.text ?? ""
    if let badge, !shown.isEmpty {
      html += "<div class=\"output\"><span class=\"badge\">\(badge)</span><pre><code>\(HTML.escape(shown))</code></pre></div>"
    }
    return html + "</div>"
  }

  /// Links between pages point at their HTML.
  private static func rewrite(_ link: String) -> String {
    guard !link.contains("://") else { return link }
    let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    guard let path = parts.first, path.hasSuffix(".md") else { return link }
    return htmlPath(String(path)) + (parts.count == 2 ? "#" + parts[1] : "")
  }

  static let stylesheet = """
    body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: flex; color: #222; background: #fff; }
    nav { width: 16rem; padding: 1rem; border-right: 1px solid #ddd; }
    nav ol { list-style: none; padding: 0; }
    nav .depth-1 { padding-left: 1rem; } nav .depth-2 { padding-left: 2rem; }
    nav a[aria-current] { font-weight: bold; }
    main { max-width: 50rem; padding: 1rem 2rem; }
    pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; }
    .output { border-left: 4px solid #2da44e; margin-top: -.5rem; }
    .badge { display: inline-block; font-size: .75rem; background: #2da44e; color: #fff; padding: 0 .5rem; }
    @media (prefers-color-scheme: dark) { body { color: #ddd; background: #111; } pre { background: #1c1f24; } }
    @media (max-width: 40rem) { body { display: block; } nav { width: auto; border: 0; } }

    """
}
