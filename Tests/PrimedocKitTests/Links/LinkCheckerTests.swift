import Foundation
import Testing

@testable import PrimedocKit

@Suite struct LinkCheckerTests {
  static let page = """
    # Mapping

    ## dma_buf_mmap()

    See [the other page](other.md#scenario-demo), [a heading](other.md#the-rules),
    [this page's heading](#dma_buf_mmap), [the site's page](other.html), [the
    list](sub/list.md), ![a flow](img/flow.png) and [a download](files/trace.txt).
    External: [kernel](https://docs.kernel.org/x.md), [mail](mailto:x@y.md). [Home](index.html#mapping).

    ```swift scenario name=demo
    print(1)
    ```

    """

  static func book(_ page: String = Self.page) throws -> BookFixture {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("p.md", "other.md", "sub/list.md"), "p.md": page,
      "other.md": "# Other\n\n## The rules\n\n```swift scenario name=demo\nprint(2)\n```\n",
      "sub/list.md": "# List\n\nBack to [mapping](../p.md#mapping).\n",
    ])
    try fixture.write("img/flow.png", Data([0x89, 0x50, 0x4E, 0x47]))
    try fixture.write("files/trace.txt", "a trace\n")
    return fixture
  }

  @Test func linksThatLandPassAndTheirFilesAreAssets() throws {
    let fixture = try Self.book()
    #expect(try fixture.loadErrors() == [])
    let (book, _) = try Checker(options: fixture.options()).load(BookLocation(url: fixture.book, display: "docs-src"))
    #expect(book.assets == ["files/trace.txt", "img/flow.png"])
  }

  @Test func aBrokenLinkAnchorOrImageIsAnErrorAtItsLineWithANearMiss() throws {
    let broken = """
      # Mapping

      A [page](othr.md), an [anchor](other.md#the-rule), and
      ![an image](img/flwo.png), [outside](../../etc/passwd), [a folder](img/).
      """
    let fixture = try Self.book(broken)
    #expect(
      try fixture.loadErrors() == [
        "docs-src/p.md:3: error: link to 'othr.md': 'othr.md' is not a page of the book or a file beside its pages; did you mean 'other.md'?",
        "docs-src/p.md:3: error: link to 'other.md#the-rule': other.md has no heading or scenario with the anchor 'the-rule'; did you mean '#the-rules'?",
        "docs-src/p.md:4: error: image 'img/flwo.png': 'img/flwo.png' is not a page of the book or a file beside its pages; did you mean 'img/flow.png'?",
        "docs-src/p.md:4: error: link to '../../etc/passwd' leads outside the book folder",
        "docs-src/p.md:4: error: link to 'img/': 'img' is a folder, not a file",
      ])
    let run = try PrimedocCommand.run(["build", "--output", "site"], in: fixture.root)
    #expect(run.status == 2)
    #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("site").path))
  }

  @Test func theSiteHoldsTheFilesAndRewritesOnlyLinksToPages() throws {
    let fixture = try Self.book()
    let run = try PrimedocCommand.run(["build", "--output", "site"], in: fixture.root)
    #expect(run.status == 0, "\(run.err)")
    let site = fixture.root.appendingPathComponent("site")
    #expect(try Data(contentsOf: site.appendingPathComponent("img/flow.png")) == Data([0x89, 0x50, 0x4E, 0x47]))
    #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("files/trace.txt").path))
    let html = try String(contentsOf: site.appendingPathComponent("p.html"), encoding: .utf8)
    #expect(html.contains("href=\"other.html#scenario-demo\""))
    #expect(html.contains("href=\"sub/list.html\""))
    #expect(html.contains("src=\"img/flow.png\""))
    #expect(html.contains("href=\"mailto:x@y.md\""))
    #expect(html.contains("href=\"https://docs.kernel.org/x.md\""))
    #expect(html.contains("<h2 id=\"dma_buf_mmap\">"))
  }
}
