import Foundation
import Testing

@testable import PrimedocKit

/// `Fixtures/bad-input/*`: malformed books, each with the one diagnostic
/// (`expected.txt`) `primedoc build` must print, exit status 2, and nothing written
/// (no site, no cached results). An optional `args` file holds extra arguments.
@Suite struct BadInputCorpusTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/bad-input")

  static var cases: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
  }

  @Test func theCorpusHasAtLeastFortyBooks() {
    #expect(Self.cases.count >= 40)
  }

  @Test(arguments: cases)
  func eachMalformedBookGetsItsDiagnosticAndWritesNothing(_ name: String) throws {
    let source = Self.corpus.appendingPathComponent(name)
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("primedoc-bad-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: work)
    defer { try? FileManager.default.removeItem(at: work) }
    let expected = try String(contentsOf: source.appendingPathComponent("expected.txt"), encoding: .utf8)
    let extra =
      (try? String(contentsOf: source.appendingPathComponent("args"), encoding: .utf8))?
      .split(whereSeparator: \.isWhitespace).map(String.init) ?? []

    let run = try PrimedocCommand.run(["build"] + extra, in: work)
    let stderr = run.err

    #expect(run.status == 2, "\(name): \(stderr)")
    #expect(stderr == expected, "\(name)")
    #expect(stderr.split(separator: "\n").count == 1, "\(name): one diagnostic")
    #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("site").path))
    #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent(".primedoc-cache/results").path))
  }
}

/// Input that looks hostile but is fine.
@Suite struct UnusualInputTests {
  @Test func aTenMegabytePageWorks() async throws {
    let filler = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n", count: 180_000)
    let page = "# Big\n\n" + filler + "```swift scenario name=last\nprint(\"end\")\n```\n\n```output\nend\n```\n"
    #expect(page.utf8.count > 10_000_000)
    let fixture = try BookFixture(["SUMMARY.md": summary("big.md"), "big.md": page])
    let report = try await fixture.check()
    #expect(report.summaryLine == "1 passed, 0 failed")
    #expect(report.result("last")?.startLine == 360_003)
  }

  @Test func crlfLineEndingsCheckAndVerify() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": "- [P](p.md)\r\n",
      "p.md":
        "---\r\ntitle: CRLF\r\n---\r\n# P\r\n\r\n```swift scenario name=a\r\nprint(\"x\")\r\n```\r\n\r\n```output\r\nx\r\n```\r\n",
    ])
    let report = try await fixture.check()
    #expect(report.summaryLine == "1 passed, 0 failed")
  }
}
