import Testing

@testable import PrimedocKit

/// Sessions whose code means the same in a function body are compiled many to a
/// module; the rest, and those a batch cannot compile, as scripts.
@Suite struct BatchTests {
  @Test func onlyCodeThatMeansTheSameInAFunctionBodyFitsOne() {
    let fits = "let a = 1\nvar b = [a]\nb.append(2)\nfunc f() -> Int { a }\nfor x in b { print(x, f()) }\n"
    #expect(TopLevelCode(parsing: fits).fitsFunctionBody(in: .v5))
    // In Swift 6 a script's function may not read its (main-actor) globals; a
    // local function of the main-actor body could, so the session stays a script.
    #expect(!TopLevelCode(parsing: fits).fitsFunctionBody(in: .v6))
    #expect(TopLevelCode(parsing: "let a = 1\nlet f = { a + 1 }\nprint(f())\n").fitsFunctionBody(in: .v6))
    let doesNot = [
      "struct P {}", "class C { deinit { print(1) } }", "extension Int {}", "protocol Q {}", "typealias T = Int",
      "defer { print(1) }", "await Task.yield()", "let t = Task { 1 }", "func f() async {}", "print(#function)",
      "let s = #fileID", "private let x = 1", "@discardableResult func f() -> Int { 1 }", "import Foundation",
      "let x = (1", "infix operator <> : AdditionPrecedence", "let f: @Sendable () -> Void = {}",
      "DispatchQueue.main.async {}", "nonisolated(unsafe) var n = 0",
    ]
    for code in doesNot { #expect(!TopLevelCode(parsing: code).fitsFunctionBody(in: .v5), "\(code)") }
  }

  @Test func sessionsThatFitAreCompiledPerJobAndRunEachInAProcess() async throws {
    // Each session counts from zero: sessions in one module still run apart.
    let page = "```swift scenario\nvar n = 0\nn += 1\nprint(n)\n```\n\n```output\n1\n```\n"
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md", "b.md", "c.md", "d.md"), "a.md": page, "b.md": page, "c.md": page, "d.md": page,
    ])
    let report = try await fixture.check()
    #expect(report.summaryLine == "4 passed, 0 failed")
    // One batch per job (two), the dispatcher, one link.
    #expect(report.compilerInvocations == 4)
  }

  @Test func aSessionThatCompilesOnlyAsAScriptFallsBackToItsScript() async throws {
    // A script's closure may use a global declared after it; a function body's
    // may not capture a variable declared after it.
    let early =
      "```swift scenario name=early swift-version=5\nlet show = { print(total) }\nvar total = 3\nshow()\n```\n\n"
      + "```output\n3\n```\n"
    let fits = "```swift scenario name=fits\nprint(1)\n```\n\n```output\n1\n```\n"
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md", "b.md"), "a.md": early, "b.md": fits])
    let report = try await fixture.check()
    #expect(report.summaryLine == "2 passed, 0 failed")
    // Two batches; 'early' leaves its own and is compiled as its script; the
    // dispatcher; one link.
    #expect(report.compilerInvocations == 5)
  }

  @Test func anErrorNothingCatchesEndsABatchedSessionAsItEndsAScript() async throws {
    let throwing = "print(\"before\")\nthrow CancellationError()\n"
    // The type declared beside it keeps the second session a script.
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md", "b.md"),
      "a.md": "```swift scenario name=batched\n\(throwing)```\n\n```output\nbefore\n```\n",
      "b.md": "```swift scenario name=script\nstruct Unused {}\n\(throwing)```\n\n```output\nbefore\n```\n",
    ])
    let report = try await fixture.check()
    // 'batched' in a batch, 'script' as its script, the dispatcher, the link.
    #expect(report.compilerInvocations == 4)
    let (batched, script) = (try #require(report.result("batched")), try #require(report.result("script")))
    #expect(batched.status == .failed && batched.output?.text == "before\n")
    let ending =
      "nothing caught, which ends its session as it ends a script (catch it, or mark the scenario "
      + "`expect=failure`): Swift.CancellationError()"
    #expect(batched.diagnostic?.message.hasSuffix(ending) == true)
    #expect(script.diagnostic?.message.hasSuffix(ending) == true)
    #expect(batched.output?.text == script.output?.text)
  }
}
