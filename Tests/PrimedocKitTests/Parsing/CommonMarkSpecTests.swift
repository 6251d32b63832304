import Foundation
import Testing

@testable import PrimedocKit

/// Markdown outside scenarios must render exactly as cmark renders it: all 652
/// examples of the CommonMark 0.30 spec (`Fixtures/spec-0.30.json`).
@Suite struct CommonMarkSpecTests {
  struct Example: Decodable {
    var example: Int
    var markdown: String
    var html: String
  }

  @Test func everySpecExampleRendersAsCmarkDoes() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/spec-0.30.json")
    let examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: url))
    #expect(examples.count == 652)
    // GitHub's autolinks off: CommonMark says a bare URL is text.
    let failing = examples.filter { CommonMarkConverter.renderHTML($0.markdown, autolinks: false) != $0.html }
      .map(\.example)
    #expect(failing == [])
    // With them (the default), the five examples where GitHub links a bare URL or address.
    let linked = examples.filter { CommonMarkConverter.renderHTML($0.markdown) != $0.html }.map(\.example)
    print("CommonMark 0.30 with GitHub's autolinks: \(examples.count - linked.count) of \(examples.count) examples")
    #expect(linked == [601, 605, 607, 610, 611])
  }

  /// The same examples as pages of a book (`autolinks: false`): front matter split
  /// off (only when it is front matter), headings given ids and permalinks, links
  /// rewritten. With the anchors taken out again, each is cmark's HTML.
  @Test func everySpecExampleRendersAsCmarkDoesThroughThePageRenderer() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/spec-0.30.json")
    let examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: url))
    var failing: [Int] = []
    for example in examples {
      let (frontMatter, body) = try FrontMatter.split(example.markdown, file: "p.md")
      let page = Page(
        path: "p.md", displayPath: "docs-src/p.md", title: frontMatter.title ?? "P", autolinks: false, depth: 0,
        source: SourceFile(displayPath: "docs-src/p.md", bytes: Array(example.markdown.utf8), text: example.markdown),
        body: body, document: CommonMarkConverter.parse(body))
      let ids = HeadingIDs.assign(page.document.headings, reserved: [])
      let html = SiteRenderer.content(of: page, replacingCodeBlocks: [:], headingIDs: ids, pages: ["p.md"]).html
      if Self.withoutAnchors(html) != example.html { failing.append(example.example) }
    }
    print("CommonMark 0.30 through the page renderer: \(examples.count - failing.count) of \(examples.count) examples")
    #expect(failing == [])
  }

  static func withoutAnchors(_ html: String) -> String {
    html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
      .replacingOccurrences(
        of: ##"<a class="permalink" href="#[^"]*" aria-label="Permalink">#</a></h"##, with: "</h",
        options: .regularExpression)
  }

  @Test func replacedCodeBlocksBecomeRawHTMLAndDroppedOnesVanish() {
    let markdown = "# T\n\n```swift\nlet a = 1\n```\n\n```output\n1\n```\n\n[next](next.md#part)\n"
    let html = CommonMarkConverter.renderHTML(markdown, replacingCodeBlocks: [0: "<div>code</div>", 1: ""]) {
      $0.replacingOccurrences(of: ".md", with: ".html")
    }
    #expect(html == "<h1>T</h1>\n<div>code</div>\n<p><a href=\"next.html#part\">next</a></p>\n")
  }

  @Test func parseFindsFencedBlocksWithTheirLines() {
    let document = CommonMarkConverter.parse("> ```swift scenario\n> let a = 1\n> ```\n\n    indented\n")
    #expect(document.codeBlocks.count == 2)
    #expect(document.codeBlocks[0].info == "swift scenario")
    #expect(document.codeBlocks[0].isFenced)
    #expect(document.codeBlocks[0].startLine == 1 && document.codeBlocks[0].endLine == 3)
    #expect(!document.codeBlocks[1].isFenced)
  }
}
