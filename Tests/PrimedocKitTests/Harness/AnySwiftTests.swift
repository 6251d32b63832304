import Foundation
import Testing

@testable import PrimedocKit

/// One check over `Fixtures/any-swift`: sessions, file-scope declarations,
/// shadowing, expected traps, compile failures found after type-checking, and a
/// language mode per page and per session.
@Suite struct AnySwiftTests: FixtureBookSuite {
  static let report = Task { try await BookFixture(named: "any-swift").check() }

  @Test func sessionsOfAPageDeclareTheSameNamesAtFileScope() async throws {
    for name in ["first-point", "other-point", "later-in-geometry"] {
      #expect(try await result(name).status == .verified, "\(name)")
    }
  }

  @Test func aLaterScenarioShadowsAnEarlierDeclaration() async throws {
    #expect(try await result("shadows").status == .verified)
    #expect(try await result("after-shadow").output?.text == "12\n")
  }

  @Test func closuresAndTopLevelAwaitBehaveAsInAScript() async throws {
    #expect(try await result("closure-type").output?.text == "(Int, Int) -> Int\n")
  }

  @Test func anExpectedTrapEndsItsOutputWithTheRuntimesMessageAndTheSessionGoesOn() async throws {
    #expect(try await result("out-of-range").output?.text == "about to trap\nFatal error: Index out of range\n")
    #expect(try await result("overflow").status == .verified)
    let survivor = try await result("does-not-trap")
    #expect(survivor.status == .failed)
    #expect(survivor.diagnostic?.message.contains("ran to its end, but it is marked `expect=trap`") == true)
    // What the trapping programs did is gone; the session's own state goes on.
    #expect(try await result("after-traps").output?.text == "[1, 2, 3, 4]\n")
  }

  @Test func aTrapScenarioRunsAtTheTopLevelAsAScriptWould() async throws {
    // Its `var` is a global, whose exclusive access is checked at run time; in a
    // nested scope it would be a local tuple, whose two elements may be passed
    // `inout` together, and nothing would trap.
    let trap = try await result("global-exclusivity")
    #expect(trap.status == .verified)
    #expect(trap.output?.text.hasPrefix("Simultaneous accesses to 0x") == true)
  }

  @Test func compileFailReportsErrorsAfterTypeCheckingWithOrWithoutLocation() async throws {
    #expect(try await result("uninitialised").status == .verified)
    #expect(try await result("located").status == .verified)
    let overlapping = try await result("overlapping")
    #expect(overlapping.status == .verified)
    #expect(overlapping.output?.text.contains("local variable [#ExclusivityViolation]\n") == true)
  }

  @Test func theLanguageModeComesFromThePageOrTheSession() async throws {
    #expect(try await result("global-counter").status == .verified)
    #expect(try await result("in-six").status == .verified)
  }

  @Test func theScenariosOfOneSessionMustAgreeOnTheLanguageMode() throws {
    let page = "```swift scenario swift-version=5\n```\n\n```swift scenario swift-version=6\n```\n"
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": page])
    #expect(throws: PrimedocError.self) {
      try Checker(options: fixture.options()).load(BookLocation(url: fixture.book, display: "docs-src"))
    }
    let run = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.err.contains("docs-src/p.md:4: error: scenario #2 asks for `swift-version=6`"), "\(run.err)")
  }

  @Test func aBookOfPlainSwiftImportsNoLibrary() async throws {
    let report = try await Self.report.value
    let page = try #require(report.pages.first { $0.page.path == "sessions.md" }?.page)
    let program = page.program(for: page.scenarios[0])
    #expect(!program.text.contains("import"))
    let fixture = try BookFixture([
      "SUMMARY.md": "---\nlibrary: Foundation\n---\n" + summary("p.md"), "p.md": "# P\n",
    ])
    let run = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(run.status == 2)
    #expect(
      run.err.contains("docs-src/SUMMARY.md:2: error: `library: Foundation` is not a library primedoc can link"),
      "\(run.err)")
  }

  @Test func anUnknownLanguageModeIsAnError() throws {
    let fixture = try BookFixture([
      "SUMMARY.md": "---\nswift-version: 7\n---\n" + summary("p.md"), "p.md": "# P\n",
    ])
    let run = try PrimedocCommand.run(["check"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.err.contains("docs-src/SUMMARY.md:2: error: `swift-version=7` is not a language mode"), "\(run.err)")
  }
}
