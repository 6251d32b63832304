/// A scenario's verdict after its outcome was compared with its expected block.
public struct ScenarioResult: Sendable, Codable {
  public enum Status: String, Sendable, Codable {
    /// Ran (or failed to compile, for `compile-fail`) and matched its `output` block.
    case verified
    /// Ran without error but has no `output` block: nothing is claimed.
    case unverified
    /// `no-run`: compiled with its page.
    case compiled
    case failed
    case notRun = "not-run"

    public var passed: Bool { self == .verified || self == .unverified || self == .compiled }
  }

  public var page: String
  public var name: String
  /// The opening fence line and the last line of its `output` block (or of itself).
  public var startLine: Int
  public var endLine: Int
  /// The scenario hash (`Program.hash(claiming:)`): the program and the output it
  /// claims, as the site's provenance names it.
  public var hash: String
  public var status: Status
  public var outcome: ScenarioOutcome
  /// Why it failed, when it did.
  public var diagnostic: Diagnostic?
  /// The model's trace after a `trace` scenario (tab-separated caller, callee,
  /// function, result per line).
  public var trace: String?

  public var output: OutputBytes? { outcome.output }
}
