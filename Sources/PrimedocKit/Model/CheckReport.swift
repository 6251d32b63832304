/// Everything a check found: a verdict per scenario, and how the work was done.
public struct CheckReport: Sendable {
  public var book: Book
  public var pages: [PageReport]
  /// Plain `swift` blocks that no scenario verifies.
  public var unverifiedBlocks: [SourceLocation]
  /// Pages whose results came from the cache, and pages compiled by this check.
  public var cachedPages: Int
  public var compiledPages: Int
  /// `swiftc` processes this check started (the harness and `compile-fail` checks).
  public var compilerInvocations: Int

  public var results: [ScenarioResult] { pages.flatMap(\.results) }
  public var passed: Int { results.filter(\.status.passed).count }
  public var failed: Int { results.count - passed }
  public var diagnostics: [Diagnostic] { results.compactMap(\.diagnostic) }

  /// `N passed, N failed`: the last line of every check, which CI reads.
  public var summaryLine: String { "\(passed) passed, \(failed) failed" }
}

public struct PageReport: Sendable {
  public var page: PageScenarios
  public var results: [ScenarioResult]
}
