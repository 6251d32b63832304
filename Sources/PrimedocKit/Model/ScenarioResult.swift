/// A scenario's verdict after its outcome was compared with its expected block.
struct ScenarioResult: Sendable, Codable {
  enum Status: String, Sendable, Codable {
    /// Ran (or failed to compile, for `compile-fail`) and matched its `output` block.
    case verified
    /// Ran without error but has no `output` block: nothing is claimed.
    case unverified
    /// `no-run`: compiled with its page.
    case compiled
    case failed
    case notRun = "not-run"

    var passed: Bool { self == .verified || self == .unverified || self == .compiled }
  }

  var page: String
  var name: String
  /// The opening fence line and the last line of its `output` block (or of itself).
  var startLine: Int
  var endLine: Int
  /// The scenario hash (`PageScenarios.scenarioHashes()`): the program and the output it
  /// claims, as the site's provenance names it.
  var hash: String
  var status: Status
  var outcome: ScenarioOutcome
  /// Why it failed, when it did.
  var diagnostic: Diagnostic?
  /// The model's trace after a `trace` scenario (tab-separated caller, callee,
  /// function, result per line).
  var trace: String?
  /// The real kernel that printed the same (`Linux 6.1.0-57-amd64 (Debian 12, QEMU)`),
  /// when the scenario also ran there.
  var realKernel: String?

  var output: OutputBytes? { outcome.output }
}
