import Testing

@testable import PrimedocKit

@Suite struct ScenarioExtractorTests {
  /// Load errors of a one-page book whose page is `page`.
  func errors(_ page: String, strict: Bool = false) throws -> [String] {
    try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": page]).loadErrors(strict: strict)
  }

  @Test func attributesArePairedWithTheFollowingOutputBlock() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("p.md"),
      "p.md":
        "```swift scenario name=a isolated hidden timeout=500ms\nprint(1)\n```\n\ntext\n\n```output\n1\n```\n\n```swift scenario\nlet x = 1\n```\n",
    ])
    let book = try BookLoader.load(BookLocation(url: fixture.book, display: "docs-src"))
    let page = try ScenarioExtractor.extract(book.pages[0])
    #expect(page.scenarios.map(\.name) == ["a", "2"])
    let first = page.scenarios[0]
    #expect(first.mode == .isolated && first.attributes.hidden)
    #expect(first.attributes.timeout == .milliseconds(500))
    #expect(first.expectedOutput == "1\n")
    #expect(first.firstCodeLine == 2)
    #expect(page.scenarios[1].expectedOutput == nil)
    #expect(page.scenarios[1].displayName == "#2")
  }

  @Test func unknownAttributeSuggestsTheNearestKnownOne() throws {
    #expect(
      try errors("```swift scenario isolatd\n```\n") == [
        "docs-src/p.md:1: error: unknown scenario attribute 'isolatd'; did you mean `isolated`? (known: name, expect, timeout, session, swift-version, isolated, hidden, compile-fail, no-run, trace)"
      ])
  }

  @Test func malformedAttributesAreErrors() throws {
    #expect(
      try errors("```swift scenario =x name hidden=yes expect=success timeout=soon name=1bad\n```\n") == [
        "docs-src/p.md:1: error: malformed scenario attribute '=x': write key=value, e.g. name=mmap-redirect",
        "docs-src/p.md:1: error: scenario attribute 'name' needs a value: `name=…`",
        "docs-src/p.md:1: error: scenario attribute 'hidden' takes no value; write just `hidden`",
        "docs-src/p.md:1: error: `expect=success` is not known; write `expect=failure` or `expect=trap`",
        "docs-src/p.md:1: error: `timeout=soon` is not a duration; write e.g. timeout=30s, timeout=500ms or timeout=2m",
        "docs-src/p.md:1: error: scenario attribute 'name' is given twice",
      ])
    #expect(
      try errors("```swift scenario name=has/slash\n```\n") == [
        "docs-src/p.md:1: error: scenario name 'has/slash' cannot be an anchor: start with a letter and use only letters, digits, '-', '_' and '.'"
      ])
  }

  @Test func outputWithoutAScenarioBeforeItIsAnError() throws {
    #expect(
      try errors("# P\n\n```output\nx\n```\n") == [
        "docs-src/p.md:3: error: an `output` block must follow a `swift scenario` block; there is none before this one"
      ])
    #expect(
      try errors("```swift scenario\n```\n\n```swift\n```\n\n```output\n```\n") == [
        "docs-src/p.md:7: error: an `output` block must follow a `swift scenario` block; there is none before this one"
      ])
  }

  @Test func secondOutputBlockIsAnError() throws {
    #expect(
      try errors("```swift scenario name=a\n```\n```output\n```\n```output\n```\n") == [
        "docs-src/p.md:5: error: scenario 'a' already has an `output` block (line 3); a scenario has one expected output"
      ])
  }

  @Test func duplicateNamesAreErrors() throws {
    #expect(
      try errors("```swift scenario name=a\n```\n\n```swift scenario name=a\n```\n") == [
        "docs-src/p.md:4: error: duplicate scenario name 'a': line 1 already uses it"
      ])
  }

  @Test func unterminatedFenceSaysCmarkClosedItAtTheEnd() throws {
    #expect(
      try errors("# P\n\n```swift scenario\nprint(1)\n\nmore text\n") == [
        "docs-src/p.md:3: error: this code fence is never closed; cmark closes it at the end of the file (line 6), swallowing everything after it"
      ])
  }

  @Test func misspeltScenarioWordIsCaught() throws {
    #expect(
      try errors("```swift scenaro\n```\n") == [
        "docs-src/p.md:1: error: unknown word 'scenaro' after `swift`; did you mean `scenario`?"
      ])
  }

  @Test func strictRejectsPlainSwiftBlocks() throws {
    let page = "```swift\nlet x = 1\n```\n"
    #expect(try errors(page) == [])
    #expect(
      try errors(page, strict: true) == [
        "docs-src/p.md:1: error: this `swift` block is not a scenario, so nothing verifies it (--strict); make it `swift scenario` or change its language"
      ])
  }

  @Test func crlfLineEndingsWork() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": "- [P](p.md)\r\n",
      "p.md": "# P\r\n\r\n```swift scenario name=a\r\nprint(1)\r\n```\r\n\r\n```output\r\n1\r\n```\r\n",
    ])
    let book = try BookLoader.load(BookLocation(url: fixture.book, display: "docs-src"))
    let page = try ScenarioExtractor.extract(book.pages[0])
    #expect(page.scenarios.first?.code == "print(1)\n")
    #expect(page.scenarios.first?.expectedOutput == "1\n")
  }
}
