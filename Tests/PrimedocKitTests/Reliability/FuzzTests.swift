import Foundation
import PropertyBased
import Testing

@testable import PrimedocKit

/// Property-based fuzzing of Markdown → pages → scenarios → HTML: random pages
/// built from the pieces authors write (fences with random info strings and
/// attributes, output blocks, front matter, prose, stray bytes) must either load
/// or yield diagnostics that each name a file and a line, and must render, never
/// crash or hang. `PRIMEDOC_FUZZ_COUNT` sets the number of inputs (default 300).
@Suite struct FuzzTests {
  static let fragments: [String] = [
    "# Title\n", "prose with `code` and *emphasis*\n", "\n", "- item\n", "> quote\n", "    indented code\n",
    "```swift scenario\n", "```swift scenario name=a\n", "```swift scenario name=a isolated hidden\n",
    "```swift scenario expect=failure\n", "```swift scenario compile-fail\n", "```swift scenario no-run timeout=2s\n",
    "```swift scenario isolatd\n", "```swift scenario name=\n", "```swift scenario =\n",
    "```swift scenario timeout=x\n",
    "```swift\n", "```output\n", "```output extra\n", "~~~swift scenario\n", "~~~\n", "```\n", "````\n",
    "print(1)\n", "let x = 1\n", "1\n", "...\n", "---\n", "title: T\n", "title: [\n", "summary: S\n", ": :\n",
    "\r\n", "\t\n", "<div>html</div>\n", "[link](other.md)\n", "\u{1E}marker:end:0\n", "é ü 漢字 🚀\n",
  ]

  static let theme = Result { () throws(PrimedocError) in try Theme.load() }

  /// Loads, extracts and renders one page, or checks that it explains why not.
  static func exercise(_ page: String) throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": page])
    defer { try? FileManager.default.removeItem(at: fixture.root) }
    let checker = Checker(options: try fixture.options())
    let loaded: (Book, [PageScenarios])
    do {
      loaded = try checker.load(BookLocation(url: fixture.book, display: "docs-src"))
    } catch {
      #expect(!error.diagnostics.isEmpty)
      for diagnostic in error.diagnostics {
        #expect(diagnostic.location?.file.hasPrefix("docs-src/") == true, "\(diagnostic)")
        #expect((diagnostic.location?.line ?? 0) >= 1, "\(diagnostic)")
      }
      return
    }
    let (book, pages) = loaded
    // Render as a build would, with every scenario given an outcome (no compiler here).
    let reports = pages.map { page in
      PageReport(
        page: page,
        results: page.scenarios.map {
          Verifier.verify($0, in: page, outcome: .completed(OutputBytes("1\n")), hash: "")
        })
    }
    let report = CheckReport(
      book: book, pages: reports, unverifiedBlocks: [], cachedPages: 0, compiledPages: 0, compilerInvocations: 0)
    let site = SiteRenderer.render(
      report, theme: try Self.theme.get(), provenance: SiteProvenance(model: "fuzz", toolchain: "fuzz"))
    #expect(site.pages["p.html"]?.hasPrefix("<!DOCTYPE html>") == true)
    for session in pages[0].sessions { _ = HarnessGenerator.sessionFile(pages[0], session) }
  }

  @Test func randomPagesLoadOrExplainThemselves() async {
    let count = ProcessInfo.processInfo.environment["PRIMEDOC_FUZZ_COUNT"].flatMap(Int.init) ?? 300
    await propertyCheck(count: count, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...40)) { picks in
      try Self.exercise(picks.map { Self.fragments[$0] }.joined())
    }
  }
}

/// Where the site cannot be written: a clear error, exit 2, the book untouched.
@Suite struct UnwritableOutputTests {
  @Test func aFileWhereTheSiteFolderShouldBe() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": "# P\n"])
    try Data("not a folder".utf8).write(to: fixture.root.appendingPathComponent("site"))
    let run = try PrimedocCommand.run(["build", "--output", "site"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.err.contains("cannot write the site to"), "\(run.err)")
    #expect(try String(contentsOf: fixture.root.appendingPathComponent("site"), encoding: .utf8) == "not a folder")
  }

  @Test func aFileWhereAParentFolderShouldBe() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": "# P\n"])
    try Data("x".utf8).write(to: fixture.root.appendingPathComponent("blocker"))
    let run = try PrimedocCommand.run(["build", "--output", "blocker/site"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.err.contains("cannot write the site in"), "\(run.err)")
  }
}

@Suite struct CacheIntegrityTests {
  @Test func anEntryWithAnAlteredByteIsNotTrusted() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md"), "a.md": "```swift scenario\nprint(1)\n```\n\n```output\n1\n```\n",
    ])
    _ = try await fixture.check()
    let results = fixture.cache.appendingPathComponent("results")
    for file in try FileManager.default.contentsOfDirectory(at: results, includingPropertiesForKeys: nil) {
      // Alter the stored output ("1\n" is "MQo=" in base64) without fixing the digest.
      let text = try String(contentsOf: file, encoding: .utf8)
      let entry = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      let inner = String(decoding: Data(base64Encoded: entry?["entry"] as? String ?? "") ?? Data(), as: UTF8.self)
      let forged = Data(inner.replacingOccurrences(of: "MQo=", with: "Mgo=").utf8).base64EncodedString()
      try Data(text.replacingOccurrences(of: entry?["entry"] as? String ?? "", with: forged).utf8).write(to: file)
    }
    let again = try await fixture.check()
    #expect(again.cachedPages == 0 && again.summaryLine == "1 passed, 0 failed")
  }
}
