import Foundation
import Testing

@testable import PrimedocKit

/// `Fixtures/hostile`: scenarios that segfault, write only to standard error, leave
/// a child running, print bytes that are not UTF-8. Each fails its page with a
/// clear message; the page beside them still passes.
@Suite struct HostileScenarioTests: FixtureBookSuite {
  static let report = Task { try await BookFixture(named: "hostile").check() }

  @Test func aSegfaultIsReportedAndStopsItsPage() async throws {
    let segfault = try await result("segfault")
    #expect(segfault.status == .failed)
    #expect(segfault.diagnostic?.message.contains("SIGSEGV") == true, "\(String(describing: segfault.diagnostic))")
    #expect(segfault.output?.text == "before the fault\n")
    #expect(try await result("after-segfault").status == .notRun)
  }

  @Test func standardErrorIsNotOutput() async throws {
    let stderrOnly = try await result("stderr-only")
    #expect(stderrOnly.status == .failed)
    #expect(stderrOnly.output?.text == "")
    #expect(stderrOnly.diagnostic?.details.contains("-on stderr") == true)
  }

  @Test func aChildThatOutlivesItsPageIsKilledAndFailsThePage() async throws {
    let orphan = try await result("orphan")
    #expect(orphan.status == .failed)
    #expect(orphan.diagnostic?.message.contains("leaving a child process") == true)
    // No `sleep 30` from this fixture is left running.
    #expect(processes(mentioning: "sleep\u{0}30\u{0}").allSatisfy { $0.state == "Z" })
  }

  @Test func bytesThatAreNotUTF8AreComparedExactlyAndShownEscaped() async throws {
    let raw = try await result("raw-bytes")
    #expect(raw.output?.bytes == [0x61, 0xFF, 0x62, 0x0A])
    #expect(raw.status == .failed)
    #expect(raw.diagnostic?.details.contains("+a\\xFFb") == true)
  }

  @Test func theOtherPageStillPasses() async throws {
    #expect(try await result("fine").status == .verified)
  }
}

extension HostileScenarioTests {
  @Test func fatalErrorIsReportedAtItsMarkdownLine() async throws {
    let fatal = try await result("fatal")
    #expect(fatal.diagnostic?.location == SourceLocation(file: "docs-src/fatal.md", line: 5))
    #expect(
      fatal.diagnostic?.message.contains("Fatal error: the author's own trap") == true,
      "\(String(describing: fatal.diagnostic))")
  }
}
