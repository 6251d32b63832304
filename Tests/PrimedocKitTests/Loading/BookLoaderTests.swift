import Foundation
import Testing

@testable import PrimedocKit

@Suite struct BookLoaderTests {
  @Test func pagesFollowSummaryOrderWithNestingAndFrontMatter() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": "# Summary\n\n- [One](one.md)\n  - [Nested](part/two.md)\n- [Three](three.md)\n",
      "one.md": "---\ntitle: First page\nsummary: The start.\n---\n\n# One\n",
      "part/two.md": "# Two\n",
      "three.md": "# Three\n",
    ])
    let book = try BookLoader.load(BookLocation(url: fixture.book, display: "docs-src"))
    #expect(book.pages.map(\.path) == ["one.md", "part/two.md", "three.md"])
    #expect(book.pages.map(\.depth) == [0, 1, 0])
    #expect(book.pages.map(\.title) == ["First page", "Nested", "Three"])
    #expect(book.pages[0].summary == "The start.")
    #expect(book.pages[1].displayPath == "docs-src/part/two.md")
    // Front matter is blanked, not removed: cmark's lines are the file's lines.
    #expect(book.pages[0].document.headings.first?.line == 6)
  }

  @Test func missingPageIsReportedAtItsSummaryLine() throws {
    let fixture = try BookFixture(["SUMMARY.md": "# Summary\n\n- [Gone](gone.md)\n"])
    #expect(
      try fixture.loadErrors() == [
        "docs-src/SUMMARY.md:3: error: SUMMARY.md links to 'gone.md', which does not exist in 'docs-src'"
      ])
  }

  @Test func pageNotInSummaryIsAnError() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md"), "a.md": "# A\n", "stray.md": "# Stray\n"])
    #expect(
      try fixture.loadErrors() == [
        "docs-src/stray.md:1: error: this page is not listed in SUMMARY.md; add a link to it there or move it out of 'docs-src'"
      ])
  }

  @Test func linkOutsideTheBookIsAnError() throws {
    let fixture = try BookFixture(["SUMMARY.md": "- [Out](../outside.md)\n- [Web](https://example.org/x.md)\n"])
    #expect(
      try fixture.loadErrors() == [
        "docs-src/SUMMARY.md:1: error: SUMMARY.md links to '../outside.md', outside the book folder",
        "docs-src/SUMMARY.md:2: error: SUMMARY.md links to 'https://example.org/x.md', which is not a page of the book",
      ])
  }

  @Test func symbolicLinkLeavingTheBookIsAnError() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("link.md")])
    let outside = fixture.root.appendingPathComponent("outside.md")
    try Data("# Outside\n".utf8).write(to: outside)
    try FileManager.default.createSymbolicLink(
      at: fixture.book.appendingPathComponent("link.md"), withDestinationURL: outside)
    let errors = try fixture.loadErrors()
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("docs-src/SUMMARY.md:3: error: 'link.md' is a symbolic link to") == true)
  }

  @Test func badYAMLIsReportedAtItsLine() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md"), "a.md": "---\ntitle: ok\nsummary: [unclosed\n---\n# A\n",
    ])
    let errors = try fixture.loadErrors()
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("docs-src/a.md:") == true)
    #expect(errors.first?.contains("front matter is not valid YAML") == true)
  }

  @Test func frontMatterIsAMappingOfKnownKeys() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md", "b.md"), "a.md": "---\ntitle: A\n---\n", "b.md": "---\ntitel: B\n---\n",
    ])
    #expect(
      try fixture.loadErrors() == [
        "docs-src/b.md:2: error: unknown front matter key 'titel' (known: title, summary, swift-version, library, autolinks); did you mean 'title'?"
      ])
  }

  @Test func frontMatterWithWindowsLineEndings() throws {
    let (frontMatter, body) = try FrontMatter.split("---\r\ntitle: CRLF\r\n---\r\n# Body\r\n", file: "a.md")
    #expect(frontMatter.title == "CRLF")
    #expect(body == "\n\n\n# Body\n")
  }

  @Test func whatIsNotAMappingAtTheTopIsMarkdown() throws {
    // A list, a setext heading (CommonMark example 96), two rules (98), an unclosed header.
    for text in [
      "---\n- just\n- a list\n---\n", "---\nFoo\n---\nBar\n---\nBaz\n", "---\n---\n", "---\ntitle: P\n# P\n",
    ] {
      let (frontMatter, body) = try FrontMatter.split(text, file: "a.md")
      #expect(frontMatter == FrontMatter())
      #expect(body == text)
    }
  }

  @Test func fileThatIsNotUTF8IsReportedAtItsLine() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md")])
    try fixture.write("a.md", Data("# A\n\nfine\n".utf8) + Data([0x66, 0xFF, 0x0A]))
    #expect(
      try fixture.loadErrors() == ["docs-src/a.md:4: error: the file is not valid UTF-8 (byte 11); save it as UTF-8"])
  }

  @Test func emptyBookIsAnError() throws {
    let fixture = try BookFixture(["SUMMARY.md": "# Summary\n"])
    #expect(
      try fixture.loadErrors() == ["docs-src/SUMMARY.md:1: error: the book is empty: SUMMARY.md links to no page"])
  }

  @Test func missingSummaryIsAnError() throws {
    let fixture = try BookFixture(["a.md": "# A\n"])
    #expect(
      try fixture.loadErrors() == [
        "docs-src/SUMMARY.md:1: error: missing: list the book's pages there as links, in reading order"
      ])
  }
}
