/// Everything a check found: a verdict per scenario, and how the work was done.
struct CheckReport: Sendable {
  var book: Book
  var pages: [PageReport]
  /// Plain `swift` blocks that no scenario verifies.
  var unverifiedBlocks: [SourceLocation]
  /// Pages whose results came from the cache, and pages compiled by this check.
  var cachedPages: Int
  var compiledPages: Int
  /// `swiftc` processes this check started (the harness and `compile-fail` checks).
  var compilerInvocations: Int
  /// Set when the scenarios also ran on a real kernel (`check --real-kernel`).
  var realKernel: RealKernelSummary?

  var results: [ScenarioResult] { pages.flatMap(\.results) }
  var passed: Int { results.filter(\.status.passed).count }
  var failed: Int { results.count - passed }
  var diagnostics: [Diagnostic] { results.compactMap(\.diagnostic) }

  /// `N passed, N failed`: the last line of every check, which CI reads.
  var summaryLine: String { "\(passed) passed, \(failed) failed" }
}

/// One page's verdicts, in the order of its scenarios.
struct PageReport: Sendable {
  var page: PageScenarios
  var results: [ScenarioResult]

  /// The Markdown page reported on.
  var sourcePage: Page { page.page }
}

/// What the real-kernel check found, for the report's last lines.
struct RealKernelSummary: Sendable {
  /// `Linux RELEASE (MACHINE)`: the release the guest reported (`uname -r`) and what
  /// the machine is.
  var kernel: String
  var qualified: Int
  var agreed: Int
  /// What the real kernel logged at warning level or worse while the pages ran (an
  /// oops, a WARN): reported, since the model may have said otherwise.
  var kernelLog = ""
}
