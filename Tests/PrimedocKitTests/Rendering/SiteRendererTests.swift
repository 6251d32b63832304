import Foundation
import Testing

@testable import PrimedocKit

@Suite struct SiteRendererTests {
  @Test func scenariosShowCodeAndVerifiedOutputButHiddenOnesVanish() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": "- [Intro](intro.md)\n  - [Deep](part/deep.md)\n",
      "intro.md": """
        ---
        title: The <intro>
        ---
        See [the deep page](part/deep.md#scenario-fails).

        ```swift scenario name=setup hidden
        let secret = "hidden setup"
        ```

        ```swift scenario name=shown
        print(secret.count)
        ```

        ```output
        12
        ```

        """,
      "part/deep.md": "```swift scenario name=fails expect=failure\ntry Kernel().spawn(\"x\").close(9)\n```\n\n```output\nclose(9) failed: EBADF (Bad file descriptor)\n```\n",
    ])
    let report = try await fixture.check()
    let files = SiteRenderer.render(report)
    #expect(Set(files.keys) == ["index.html", "intro.html", "part/deep.html", "style.css"])
    let intro = try #require(files["intro.html"])
    #expect(!intro.contains("hidden setup"))
    #expect(intro.contains("<div class=\"scenario\" id=\"scenario-shown\">"))
    #expect(intro.contains("<span class=\"badge\">verified</span><pre><code>12\n</code></pre>"))
    #expect(intro.contains("<title>The &lt;intro&gt;</title>"))
    #expect(intro.contains("<a href=\"part/deep.html#scenario-fails\">"))
    #expect(intro.contains("This book holds 3 scenarios; all were compiled, run and verified by this build."))
    let deep = try #require(files["part/deep.html"])
    #expect(deep.contains("<span class=\"badge\">expected failure verified</span>"))
    #expect(deep.contains("<link rel=\"stylesheet\" href=\"../style.css\">"))
    #expect(files["index.html"] == intro)
  }
}

@Suite struct NulByteTests {
  @Test func aFileWithANulByteIsRejectedAtItsLine() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md")])
    try fixture.write("a.md", Data("# A\n\nx\u{0}y\n".utf8))
    #expect(try fixture.loadErrors() == ["docs-src/a.md:3: error: the file holds a NUL byte; a Markdown page must be text"])
  }
}
