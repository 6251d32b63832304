import Foundation
import Testing

@testable import PrimedocKit

@Suite struct SiteRendererTests {
  static let book: [String: String] = [
    "SUMMARY.md": "- [Intro](intro.md)\n  - [Deep](part/deep.md)\n",
    "intro.md": """
    ---
    title: The <intro>
    ---
    See [the deep page](part/deep.md#scenario-fails).

    ## Setting up

    ```swift scenario name=setup hidden
    let secret = "hidden setup"
    ```

    ```swift scenario name=shown
    print(secret.count)
    ```

    ```output
    12
    ```

    ## Setting up

    ```swift scenario name=hostile
    print("<script>alert(1)</script>")
    ```

    """,
    "part/deep.md":
      "# Deep\n\n```swift scenario name=fails expect=failure\ntry Kernel().spawn(\"x\").close(9)\n```\n\n```output\nclose(9) failed: EBADF (Bad file descriptor)\n```\n",
  ]

  static let site = Task { () throws -> Site in
    try await render(await BookFixture(book).check())
  }

  @Test func everyFileIsWrittenByPrimedoc() async throws {
    let site = try await Self.site.value
    let files = site.pages
    #expect(
      Set(site.files.keys) == [
        "index.html", "intro.html", "part/deep.html", "style.css", "primedoc.js", "search-index.js", "contents.js",
        "contents.html",
      ])
    #expect(files["index.html"] == files["intro.html"])
    for (_, html) in files where html.contains("<html") {
      #expect(!html.contains("http://") && !html.contains("https://"), "no asset from elsewhere")
    }
  }

  @Test func scenariosShowCodeAndVerifiedOutputWithProvenance() async throws {
    let intro = try #require(try await Self.site.value.pages["intro.html"])
    #expect(intro.contains("<figure class=\"scenario\" id=\"scenario-shown\">"))
    #expect(!intro.contains("id=\"scenario-setup\""), "a hidden block is not shown as a scenario")
    #expect(intro.contains("\">verified</summary>"))
    #expect(
      intro.contains("<summary class=\"badge\" title=\"scenario hash: "), "hovering the badge shows the provenance")
    #expect(intro.contains("<dt>scenario hash</dt>"))
    #expect(intro.contains("<dt>model</dt><dd>DocModel sources "))
    #expect(intro.contains("<dt>toolchain</dt><dd>Swift version "))
    #expect(intro.contains("<pre><code>12\n</code></pre>"))
  }

  @Test func theFullProgramRevealsHiddenSetupAndCanBeCopied() async throws {
    let intro = try #require(try await Self.site.value.pages["intro.html"])
    #expect(intro.contains("<details class=\"full-program\"><summary>Show full program</summary>"))
    #expect(
      intro.contains(
        "<code id=\"scenario-shown-program\" class=\"language-swift\"><span class=\"kw\">import</span> DocModel\n\n<span class=\"com\">// docs-src/intro.md:8 (hidden setup)</span>\n<span class=\"kw\">let</span> secret = <span class=\"str\">&quot;hidden setup&quot;</span>"
      ))
    #expect(intro.contains("data-copy=\"scenario-shown-program\""))
  }

  @Test func codeIsHighlightedBySwiftSyntax() {
    #expect(
      SwiftHighlighter.html("let n: Int = 42 // answer\nprint(\"<b>\", terminator: \"\")")
        == "<span class=\"kw\">let</span> n: <span class=\"type\">Int</span> = <span class=\"num\">42</span> "
        + "<span class=\"com\">// answer</span>\nprint(<span class=\"str\">&quot;&lt;b&gt;&quot;</span>, "
        + "<span class=\"label\">terminator</span>: <span class=\"str\">&quot;&quot;</span>)")
  }

  @Test func scenarioOutputIsEscaped() async throws {
    let intro = try #require(try await Self.site.value.pages["intro.html"])
    #expect(!intro.contains("<script>alert(1)</script>"))
    #expect(
      intro.contains("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>"), "the output, shown as text")
  }

  @Test func headingsGetUniqueAnchorsAndAnOnThisPageList() async throws {
    let intro = try #require(try await Self.site.value.pages["intro.html"])
    #expect(intro.contains("<h2 id=\"setting-up\">Setting up<a class=\"permalink\" href=\"#setting-up\""))
    #expect(intro.contains("<h2 id=\"setting-up-1\">"))
    #expect(intro.contains("<li class=\"toc-2\"><a href=\"#setting-up-1\">Setting up</a></li>"))
  }

  @Test func pagesLinkToEachOtherInBookOrder() async throws {
    let files = try await Self.site.value.pages
    let intro = try #require(files["intro.html"])
    let deep = try #require(files["part/deep.html"])
    #expect(intro.contains("<a href=\"part/deep.html#scenario-fails\">"))
    #expect(intro.contains("<a class=\"next\" rel=\"next\" href=\"part/deep.html\">Deep →</a>"))
    #expect(deep.contains("<a class=\"previous\" rel=\"prev\" href=\"../intro.html\">← The &lt;intro&gt;</a>"))
    #expect(deep.contains("<link rel=\"stylesheet\" href=\"../style.css\">"))
    #expect(deep.contains("\">expected failure verified</summary>"))
    #expect(intro.contains("<title>The &lt;intro&gt;</title>"))
    #expect(intro.contains("This book holds 4 scenarios; 2 verified against their expected output by this build"))
  }

  @Test func theSearchIndexNamesHeadingsAndScenarios() async throws {
    let index = try #require(try await Self.site.value.pages["search-index.js"])
    #expect(index.hasPrefix("window.PRIMEDOC_SEARCH = ["))
    #expect(
      index.contains("{\"page\":\"Deep\",\"title\":\"scenario fails\",\"url\":\"part/deep.html#scenario-fails\"}"))
    #expect(index.contains("\"url\":\"intro.html#setting-up\""))
    #expect(!index.contains("scenario setup"), "hidden scenarios are not indexed")
  }

  @Test func renderingIsDeterministic() async throws {
    let first = try await Self.site.value.pages
    let again = try await render(await BookFixture(Self.book).check()).pages
    #expect(first == again, "provenance names the model's sources and the compiler's version, not this machine's build")
  }
}

@Suite struct NulByteTests {
  @Test func aFileWithANulByteIsRejectedAtItsLine() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md")])
    try fixture.write("a.md", Data("# A\n\nx\u{0}y\n".utf8))
    #expect(
      try fixture.loadErrors() == ["docs-src/a.md:3: error: the file holds a NUL byte; a Markdown page must be text"])
  }
}

@Suite struct TraceTests {
  @Test func aTraceScenarioCarriesTheModelsCallsAndIsDrawn() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("t.md"),
      "t.md":
        "```swift scenario name=traced trace expect=failure\nlet kernel = Kernel()\nlet igt = kernel.spawn(\"igt\")\ntry igt.close(7)\n```\n",
    ])
    let report = try await fixture.check()
    let result = try #require(report.result("traced"))
    #expect(result.status == .unverified, "no output block: it ran, and nothing was claimed")
    #expect(result.trace == "igt\tkernel\tclose(7)\t-EBADF\n")
    let svg = TraceSVG.render(try #require(result.trace))
    #expect(svg.contains("<text class=\"lifeline-name\" x=\"65\" y=\"20\" text-anchor=\"middle\">igt</text>"))
    #expect(
      svg.contains(
        "<g class=\"call failed\"><line x1=\"65\" y1=\"54\" x2=\"195\" y2=\"54\" marker-end=\"url(#arrow)\"/>"))
    #expect(svg.contains(">close(7) = -EBADF</text>"))
    let page = try #require(try await render(report).pages["t.html"])
    #expect(page.contains("<details class=\"trace\" open><summary>Trace: the calls between components</summary>"))
  }

  @Test func aLongLabelIsMovedInsideThePicture() {
    #expect(
      TraceSVG.labelCenter(from: 65, to: 195, characters: 10, width: 390) == 130, "a short label sits over its arrow")
    #expect(
      TraceSVG.labelCenter(from: 195, to: 325, characters: 40, width: 390) == 240,
      "a long one is moved in from the right edge")
    #expect(TraceSVG.labelCenter(from: 195, to: 65, characters: 40, width: 390) == 150, "and from the left edge")
  }

  @Test func escapedLabelsAndALimit() {
    let many = (0..<100).map { "a\tb<\tf\($0)\tok" }.joined(separator: "\n")
    let svg = TraceSVG.render(many)
    #expect(svg.contains(">b&lt;</text>"))
    #expect(svg.contains("… 20 more calls"))
  }
}

/// Renders as `primedoc build` does: the standard theme, this package's provenance.
func render(_ report: CheckReport, theme: Theme? = nil) async throws -> Site {
  SiteRenderer.render(report, theme: try theme ?? Theme.load(), provenance: await .of(try Toolchain.locate()))
}

@Suite struct OutputLinkTests {
  @Test func urlsInOutputBecomeLinksAndEverythingElseStaysEscaped() {
    let text = "b32233acceff https://git.kernel.org/x?id=b3&y=<1> (see http://a.example/p.)\n<none> https://"
    #expect(
      HTML.escapeLinkingURLs(text)
        == "b32233acceff <a href=\"https://git.kernel.org/x?id=b3&amp;y=\">https://git.kernel.org/x?id=b3&amp;y=</a>&lt;1&gt; "
        + "(see <a href=\"http://a.example/p\">http://a.example/p</a>.)\n&lt;none&gt; https://")
    #expect(HTML.escapeLinkingURLs("no links & <b>") == HTML.escape("no links & <b>"))
  }
}
