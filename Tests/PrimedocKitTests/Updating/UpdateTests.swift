import Foundation
import Testing

@testable import PrimedocKit

@Suite struct UpdateTests {
  /// A page with a stale output block, a missing one, one that is right, one in a
  /// block quote, CRLF endings and prose that must survive byte for byte.
  static let page =
    "---\r\ntitle: Update me\r\n---\r\n\r\nProse  with trailing spaces  \r\n\r\n"
    + "```swift scenario name=stale\r\nprint(\"new\")\r\nprint(\"```\")\r\n```\r\n\r\n```output\r\nold\r\n```\r\n\r\n"
    + "Between.\r\n\r\n```swift scenario name=missing\r\nprint(\"inserted\")\r\n```\r\nAfter.\r\n\r\n"
    + "```swift scenario name=right\r\nprint(\"same\")\r\n```\r\n\r\n```output\r\nsame\r\n```\r\n\r\n"
    + "> ```swift scenario name=quoted\r\n> print(\"q\")\r\n> ```\r\n>\r\n> ```output\r\n> ```\r\n"

  static let updated =
    "---\r\ntitle: Update me\r\n---\r\n\r\nProse  with trailing spaces  \r\n\r\n"
    + "```swift scenario name=stale\r\nprint(\"new\")\r\nprint(\"```\")\r\n```\r\n\r\n````output\r\nnew\r\n```\r\n````\r\n\r\n"
    + "Between.\r\n\r\n```swift scenario name=missing\r\nprint(\"inserted\")\r\n```\r\n\r\n```output\r\ninserted\r\n```\r\nAfter.\r\n\r\n"
    + "```swift scenario name=right\r\nprint(\"same\")\r\n```\r\n\r\n```output\r\nsame\r\n```\r\n\r\n"
    + "> ```swift scenario name=quoted\r\n> print(\"q\")\r\n> ```\r\n>\r\n> ```output\r\n> q\r\n> ```\r\n"

  @Test func updateRewritesOnlyOutputBlocksAndThenChecks() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("p.md", "untouched.md"), "p.md": Self.page, "untouched.md": "# U\n",
    ])
    let untouchedBefore =
      try FileManager.default.attributesOfItem(atPath: fixture.book.appendingPathComponent("untouched.md").path)[
        .modificationDate] as? Date
    let console = RecordingConsole()
    let status = await UpdateAction(request: try fixture.request()).performAndHandleResult(console: console.console)
    #expect(status == .success, "\(console.err)")
    #expect(String(decoding: try fixture.read("p.md"), as: UTF8.self) == Self.updated)
    #expect(console.out == "updated docs-src/p.md\n")
    let untouchedAfter =
      try FileManager.default.attributesOfItem(atPath: fixture.book.appendingPathComponent("untouched.md").path)[
        .modificationDate] as? Date
    #expect(untouchedBefore == untouchedAfter)

    let report = try await fixture.check()
    #expect(report.summaryLine == "4 passed, 0 failed")
    #expect(report.results.allSatisfy { $0.status == .verified })
  }

  @Test func updateWritesATrapsMessageAndKeepsACompileFailBlockWithoutLocations() async throws {
    let page = """
      ```swift scenario name=trap expect=trap
      print([1][2])
      ```

      ```output
      old
      ```

      ```swift scenario name=rejected compile-fail
      let x: Int = "no"
      ```

      ```output
      error: old
      ```

      """
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": page])
    let console = RecordingConsole()
    let status = await UpdateAction(request: try fixture.request()).performAndHandleResult(console: console.console)
    #expect(status == .success, "\(console.err)")
    let updated = String(decoding: try fixture.read("p.md"), as: UTF8.self)
    #expect(updated.contains("```output\nFatal error: Index out of range\n```"), "\(updated)")
    #expect(
      updated.contains("```output\nerror: cannot convert value of type 'String' to specified type 'Int'\n```"),
      "\(updated)")
    #expect(try await fixture.check().summaryLine == "2 passed, 0 failed")
  }

  @Test func updateOfAnUpToDatePageWritesNothing() async throws {
    let page = "```swift scenario\nprint(1)\nprint(2)\nprint(3)\n```\n\n```output\n1\n...\n```\n"
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": page])
    let console = RecordingConsole()
    #expect(
      await UpdateAction(request: try fixture.request()).performAndHandleResult(console: console.console) == .success)
    #expect(console.out == "")
    #expect(try fixture.read("p.md") == Data(page.utf8))
  }
}

@Suite struct CacheTests {
  @Test func aSecondCheckComesFromTheCacheAndCompilesNothing() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md", "b.md"),
      "a.md": "```swift scenario\nprint(1)\n```\n\n```output\n1\n```\n",
      "b.md": "```swift scenario\nprint(2)\n```\n\n```output\n2\n```\n",
    ])
    let first = try await fixture.check()
    // The two sessions (one per page) in a batch per job, the dispatcher, the link.
    #expect(first.compilerInvocations == 4 && first.cachedPages == 0 && first.compiledPages == 2)

    let second = try await fixture.check()
    #expect(second.compilerInvocations == 0 && second.cachedPages == 2 && second.compiledPages == 0)
    #expect(second.summaryLine == "2 passed, 0 failed")

    // An edit to one page recompiles that page only; an edit to its expected
    // output needs no run at all.
    try fixture.write("b.md", "```swift scenario\nprint(3)\n```\n\n```output\n2\n```\n")
    let edited = try await fixture.check()
    #expect(edited.compiledPages == 1 && edited.cachedPages == 1)
    #expect(edited.summaryLine == "1 passed, 1 failed")
    try fixture.write("b.md", "```swift scenario\nprint(3)\n```\n\n```output\n3\n```\n")
    let fixed = try await fixture.check()
    #expect(fixed.compilerInvocations == 0 && fixed.summaryLine == "2 passed, 0 failed")

    let uncached = try await fixture.check(try fixture.options(useCache: false))
    #expect(uncached.compiledPages == 2 && uncached.compilerInvocations == 4)
  }

  @Test func aCorruptedEntryIsIgnoredAndRebuilt() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md"), "a.md": "```swift scenario\nprint(1)\n```\n\n```output\n1\n```\n",
    ])
    _ = try await fixture.check()
    let results = fixture.cache.appendingPathComponent("results")
    for file in try FileManager.default.contentsOfDirectory(at: results, includingPropertiesForKeys: nil) {
      let data = try Data(contentsOf: file)
      try data.prefix(data.count / 2).write(to: file)
    }
    let again = try await fixture.check()
    #expect(again.cachedPages == 0 && again.compiledPages == 1)
    #expect(again.summaryLine == "1 passed, 0 failed")
  }
}
