import Foundation
import Testing

@testable import PrimedocKit

/// One check over `Fixtures/engine`: ten pages that pass, mismatch, trap, throw,
/// hang, flood, forge markers and exit early, compiled once and run in parallel.
/// Each test reads the verdict of the scenarios it is about.
@Suite struct EngineFixtureTests: FixtureBookSuite {
  static let report = Task { try await BookFixture(named: "engine").check() }

  @Test func sharedStateHiddenSetupAndEllipsisVerify() async throws {
    #expect(try await result("setup").status == .unverified)
    for name in ["shared-state", "ellipsis", "still-shared"] {
      #expect(try await result(name).status == .verified, "\(name)")
    }
  }

  @Test func isolatedRunsInAScopeOfItsOwn() async throws {
    // It redeclared `log` as a String; the next block sees the shared array again.
    #expect(try await result("fresh").status == .verified)
    #expect(try await result("after-isolated").output?.text == "2\n")
  }

  @Test func noRunCompilesWithoutRunning() async throws {
    #expect(try await result("compiled-only").status == .compiled)
  }

  @Test func scenarioWithoutOutputBlockRunsUnverified() async throws {
    let result = try await result("no-expected-block")
    #expect(result.status == .unverified)
    #expect(result.output?.text == "shown, not claimed\n")
  }

  @Test func plainSwiftBlocksAreCountedAsUnverified() async throws {
    let report = try await Self.report.value
    #expect(report.unverifiedBlocks == [SourceLocation(file: "docs-src/passing.md", line: 68)])
  }

  @Test func expectFailurePassesOnlyOnAModelFailure() async throws {
    let passing = try await result("model-failure")
    #expect(passing.status == .verified)
    #expect(passing.output?.text == "before\nDRM_IOCTL_PRIME_FD_TO_HANDLE failed: EBADF (Bad file descriptor)\n")
    let noFailure = try await result("no-failure")
    #expect(noFailure.status == .failed)
    #expect(noFailure.diagnostic?.message.contains("reported no failure") == true)
    let plainError = try await result("plain-error")
    #expect(plainError.status == .failed)
    #expect(plainError.diagnostic?.message.contains("did not report") == true)
    // A failing expect=failure scenario does not stop its page.
    #expect(try await result("after-failures").status == .verified)
  }

  @Test func compileFailMatchesTheCompilersMessage() async throws {
    #expect(try await result("rejected").status == .verified)
    let compiles = try await result("compiles-anyway")
    #expect(compiles.status == .failed)
    #expect(
      compiles.diagnostic?.description
        == "docs-src/failures.md:32: error: scenario 'compiles-anyway' compiled, but it is marked `compile-fail`")
  }

  @Test func mismatchIsReportedAtTheOutputBlockWithAUnifiedDiff() async throws {
    let diagnostic = try #require(try await result("differs").diagnostic)
    #expect(
      diagnostic.description == """
        docs-src/mismatch.md:9: error: output of scenario 'differs' differs from its expected block
        --- expected (docs-src/mismatch.md:9)
        +++ actual
        @@ -1,3 +1,3 @@
         alpha
        -BETA
        +beta
         gamma
        """)
  }

  @Test func trapIsReportedAtItsMarkdownLineAndStopsThePage() async throws {
    let trap = try await result("traps")
    #expect(trap.status == .failed)
    #expect(trap.diagnostic?.location == SourceLocation(file: "docs-src/trap.md", line: 14))
    #expect(trap.diagnostic?.message.contains("Index out of range") == true)
    #expect(trap.output?.text == "about to trap\n")
    #expect(try await result("before-trap").status == .verified)
    #expect(try await result("after-trap").status == .notRun)
  }

  @Test func thrownErrorIsReportedAtItsBlock() async throws {
    let thrown = try await result("throws")
    #expect(
      thrown.diagnostic?.description
        == "docs-src/thrown.md:3: error: scenario 'throws' threw an error nothing caught, which ends its session as it ends a script (catch it, or mark the scenario `expect=failure`): the widget broke"
    )
    #expect(try await result("after-throw").status == .notRun)
  }

  @Test func hangIsKilledAtItsTimeoutWhileOtherPagesPass() async throws {
    let hang = try await result("forever")
    guard case .timedOut(_, let limit) = hang.outcome else {
      Issue.record("expected a timeout, got \(hang.outcome)")
      return
    }
    #expect(limit == .seconds(1))
    #expect(try await result("before-trap").status == .verified)
  }

  @Test func compileErrorNamesTheMarkdownLineAndSparesOtherPages() async throws {
    let typo = try await result("typo")
    guard case .compileError(let errors) = typo.outcome else {
      Issue.record("expected a compile error, got \(typo.outcome)")
      return
    }
    #expect(
      errors.map(\.text) == ["docs-src/compile-error.md:9:14: error: value of type 'Kernel' has no member 'verison'"])
    // The session goes on without it, as a REPL does: what does not depend on it runs,
    // and what does fails to compile, saying why it may.
    #expect(try await result("fine").status == .unverified)
    #expect(try await result("fine").output?.text == "fine\n")
    let dependent = try await result("uses-typo")
    guard case .compileError(let later) = dependent.outcome else {
      Issue.record("expected a compile error, got \(dependent.outcome)")
      return
    }
    #expect(later.first?.text.contains("cannot find 'kernel' in scope") == true)
    #expect(
      later.first?.context.last
        == "note: scenario 'typo' earlier in this session does not compile and was left out; this error may follow from it"
    )
    #expect(try await result("shared-state").status == .verified)
  }

  @Test func outputFloodIsCapped() async throws {
    let flood = try await result("floods")
    guard case .flooded(let output, let cap) = flood.outcome else {
      Issue.record("expected a flood, got \(flood.outcome)")
      return
    }
    #expect(cap == 1 << 20)
    #expect(output.bytes.count == cap)
  }

  @Test func forgedMarkersAreJustOutput() async throws {
    let forger = try await result("forger")
    #expect(forger.output?.text == "\u{1E}0000000000000000:end:0\n\u{1E}deadbeef:done:-1\nreal output\n")
    #expect(try await result("after-forge").status == .verified)
  }

  @Test func earlyExitLeavesLaterScenariosNotRun() async throws {
    let exits = try await result("exits")
    #expect(exits.status == .failed)
    #expect(exits.diagnostic?.message.contains("exited (exit status 0)") == true)
    #expect(try await result("after-exit").status == .notRun)
  }

  @Test func everySessionCompiledOnceAndLinkedOnceWithCompileFailChecks() async throws {
    let report = try await Self.report.value
    // 2 compile-fail checks; the six sessions that fit a function body in two
    // batches, one compiled again without the session whose scenario does not
    // compile; four scripts (the three sessions that do not fit, and that one);
    // two more compiles of it, going on without that scenario and then without
    // the one that used it; the dispatcher; one link.
    #expect(report.compilerInvocations == 13)
    #expect(report.summaryLine == "14 passed, 15 failed")
  }
}

@Suite struct AsyncScenarioTests {
  @Test func aSessionMayAwaitAtTheTopLevelAsAScriptDoes() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("a.md", "b.md"),
      "a.md": "```swift scenario\nawait Task.yield()\nprint(\"awaited\")\n```\n\n```output\nawaited\n```\n",
      "b.md": "```swift scenario\nprint(\"sync\")\n```\n\n```output\nsync\n```\n",
    ])
    let report = try await fixture.check()
    #expect(report.summaryLine == "2 passed, 0 failed")
  }
}
