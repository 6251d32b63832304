import Foundation
import Testing

@testable import PrimedocKit

/// The `primedoc` executable as a user runs it: exit codes, the closing line, and
/// a site that is replaced only by a build whose scenarios all verified.
@Suite struct CommandLineTests {
  static let passing = "# P\n\n```swift scenario name=one\nprint(\"1 < 2\")\n```\n\n```output\n1 < 2\n```\n"

  @Test func checkExitsZeroOneOrTwo() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": Self.passing])
    let passed = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(passed.status == 0, "\(passed.err)")
    #expect(passed.out == "1 passed, 0 failed\n")

    try fixture.write("p.md", Self.passing.replacingOccurrences(of: "```output\n1 < 2", with: "```output\n2 < 1"))
    let failed = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(failed.status == 1)
    #expect(failed.out == "0 passed, 1 failed\n")
    #expect(failed.err.contains("docs-src/p.md:7: error: output of scenario 'one' differs from its expected block"))

    try fixture.write("p.md", "```swift scenario bogus\n```\n")
    let bad = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(bad.status == 2)
    #expect(bad.err.hasPrefix("docs-src/p.md:1: error: unknown scenario attribute 'bogus'"))

    #expect(try PrimedocCommand.run(["check", "--jobs", "0"], in: fixture.root).status == 2)
    #expect(try PrimedocCommand.run(["check", "--no-such-flag"], in: fixture.root).status == 2)
    #expect(try PrimedocCommand.run(["check", "no-such-folder"], in: fixture.root).status == 2)
  }

  @Test func buildReplacesTheSiteOnlyWhenEveryScenarioVerified() throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": Self.passing])
    let built = try PrimedocCommand.run(["build"], in: fixture.root)
    #expect(built.status == 0, "\(built.err)")
    let index = try String(contentsOf: fixture.root.appendingPathComponent("site/index.html"), encoding: .utf8)
    #expect(index.contains("id=\"scenario-one\""))
    #expect(index.contains("1 &lt; 2"))
    #expect(index.contains("verified"))
    #expect(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("site/p.html").path))

    try fixture.write("p.md", Self.passing.replacingOccurrences(of: "```output\n1 < 2", with: "```output\nwrong"))
    let failed = try PrimedocCommand.run(["build"], in: fixture.root)
    #expect(failed.status == 1)
    #expect(failed.err.contains("the site was not written"))
    #expect(try String(contentsOf: fixture.root.appendingPathComponent("site/index.html"), encoding: .utf8) == index)
  }

  @Test func formatsAndListAndRun() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("p.md"),
      "p.md":
        "```swift scenario name=setup hidden\nlet a = 41\n```\n\n```swift scenario name=use\nprint(a + 1)\n```\n\n```output\n42\n```\n",
    ])
    let json = try PrimedocCommand.run(["check", "--format", "json"], in: fixture.root)
    #expect(json.status == 0)
    let decoded = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
    let scenarios = decoded?["scenarios"] as? [[String: Any]]
    #expect(scenarios?.map { $0["status"] as? String } == ["unverified", "verified"])
    #expect(scenarios?.last?["output"] as? String == "42\n")

    let junit = try PrimedocCommand.run(["check", "--format", "junit"], in: fixture.root)
    #expect(junit.out.contains("<testcase classname=\"docs-src/p.md\" name=\"use\""))

    #expect(
      try PrimedocCommand.run(["list"], in: fixture.root).out == "docs-src/p.md  p.md\n  1\tsetup\t[hidden]\n  5\tuse\n"
    )

    let run = try PrimedocCommand.run(["run", "p.md#use"], in: fixture.root)
    #expect(run.status == 0)
    #expect(run.out.contains("let a = 41\n"))
    #expect(run.out.hasSuffix("// Output:\n42\n"))
    #expect(try PrimedocCommand.run(["run", "p.md#nope"], in: fixture.root).status == 2)
  }
}
