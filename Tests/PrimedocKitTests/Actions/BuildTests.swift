import Foundation
import Testing

@testable import PrimedocKit

@Suite struct BuildTests {
  static let book = [
    "SUMMARY.md": summary("a.md"),
    "a.md":
      "# A\n\n```swift scenario name=good\nprint(1)\n```\n\n```output\n1\n```\n\n```swift scenario name=bad\nprint(\"<2>\")\n```\n\n```output\n3\n```\n",
  ]

  @Test func aFailedScenarioWritesNoSite() throws {
    let fixture = try BookFixture(Self.book)
    let run = try PrimedocCommand.run(["build", "docs-src"], in: fixture.root)
    #expect(run.status == 1)
    #expect(run.err.contains("error: the site was not written: 1 scenario(s) failed; 'site' is unchanged"))
    #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("site").path))
  }

  @Test func keepGoingWritesTheSiteWithTheFailureMarkedAndStillFails() throws {
    let fixture = try BookFixture(Self.book)
    let run = try PrimedocCommand.run(["build", "docs-src", "--keep-going"], in: fixture.root)
    #expect(run.status == 1)
    #expect(run.err.contains("error: 1 scenario(s) failed; the site shows them marked failed (--keep-going)"))
    let page = try String(contentsOf: fixture.root.appendingPathComponent("site/a.html"), encoding: .utf8)
    #expect(page.contains("<div class=\"output failed\">"))
    #expect(page.contains("\">failed</summary>"))
    #expect(page.contains("<p class=\"failure\">output of scenario &#39;bad&#39; differs from its expected block</p>"))
    #expect(page.contains("<pre><code>&lt;2&gt;\n</code></pre>"), "a failed scenario shows what it printed, escaped")
    #expect(!page.contains("<pre><code>3\n</code></pre>"), "never the output it claims")
    #expect(page.contains("\">verified</summary>"), "the good one is still verified")
    #expect(page.contains("This book holds 2 scenarios; 1 verified"))
  }
}
