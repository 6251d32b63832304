/// A `swift scenario` block: code to compile and run against DocModel, and the
/// output it must print.
struct Scenario: Sendable {
  /// Unique within its page: the `name=` attribute, or its 1-based position.
  var name: String
  var isNamed: Bool
  /// 0-based position among the page's scenarios; the harness reports by it.
  var index: Int
  var attributes: ScenarioAttributes
  /// The opening fence.
  var location: SourceLocation
  var block: CodeBlock
  /// The `output` block after it, if any.
  var expected: CodeBlock?

  var mode: Mode { attributes.mode }
  var code: String { block.literal }
  var expectedOutput: String? { expected?.literal }
  /// The line of the first line of code: where `#sourceLocation` points.
  var firstCodeLine: Int { block.firstCodeLine }

  /// Its anchor on the page: `scenario-NAME`, which headings' ids leave free.
  var anchor: String { "scenario-\(name)" }

  /// How messages name it: `'mmap-redirect'`, or `#3` for an unnamed one.
  var displayName: String { isNamed ? "'\(name)'" : "#\(name)" }
}

/// The scenarios of one page, with what the page holds that is not a scenario.
struct PageScenarios: Sendable {
  var page: Page
  var scenarios: [Scenario]
  /// Plain `swift` blocks: shown to readers but not verified.
  var unverifiedBlocks: [SourceLocation]
  /// The page's sessions in order of their first scenario; every scenario is in one.
  var sessions: [Session] = []

  var path: String { page.path }
  var displayPath: String { page.displayPath }
  var importsLibrary: Bool { page.importsLibrary }

  /// The scenario whose `index` is `index` (its position, unless some were left out).
  func scenario(_ index: Int) -> Scenario? {
    scenarios.indices.contains(index) && scenarios[index].index == index
      ? scenarios[index] : scenarios.first { $0.index == index }
  }

  /// A session's scenarios, in order.
  func scenarios(of session: Session) -> [Scenario] { session.scenarios.compactMap(scenario) }

  /// The page with only the scenarios `keep` accepts, each keeping its index (the
  /// harness reports by it); sessions left empty are gone.
  func keeping(_ keep: (Scenario) -> Bool) -> PageScenarios {
    var page = self
    page.scenarios = scenarios.filter(keep)
    let kept = Set(page.scenarios.map(\.index))
    page.sessions = sessions.map { session in
      var session = session
      session.scenarios = session.scenarios.filter(kept.contains)
      return session
    }.filter { !$0.scenarios.isEmpty }
    return page
  }
}

/// Scenarios that share state, as one REPL session or one script does: the
/// page's default session, or those that name the same `session=`. Each session
/// means what it would as its own `main.swift` (`HarnessGenerator`) and runs in
/// its own process, so sessions never see each other's names.
struct Session: Sendable, Hashable {
  /// nil for the page's default session.
  var name: String?
  /// Indices into the page's scenarios, in order.
  var scenarios: [Int]
  var swiftVersion: SwiftVersion

  /// How messages name it.
  var displayName: String { name.map { "session '\($0)'" } ?? "the page's default session" }

  /// Groups a page's scenarios by session. The language mode is the one a
  /// scenario of the session names (they must agree), else the page's.
  static func group(_ scenarios: [Scenario], pageVersion: SwiftVersion) throws(PrimedocError) -> [Session] {
    var sessions: [Session] = []
    /// The scenario that chose each session's language mode, by position.
    var chosenBy: [Int: Scenario] = [:]
    var diagnostics: [Diagnostic] = []
    for scenario in scenarios {
      let name = scenario.attributes.session
      if !sessions.contains(where: { $0.name == name }) {
        sessions.append(Session(name: name, scenarios: [], swiftVersion: pageVersion))
      }
      guard let position = sessions.firstIndex(where: { $0.name == name }) else { continue }
      sessions[position].scenarios.append(scenario.index)
      guard let version = scenario.attributes.swiftVersion else { continue }
      if let first = chosenBy[position], sessions[position].swiftVersion != version {
        diagnostics.append(
          .error(
            scenario.location,
            "scenario \(scenario.displayName) asks for `swift-version=\(version.rawValue)`, but \(sessions[position].displayName) is compiled in Swift \(sessions[position].swiftVersion.rawValue) (scenario \(first.displayName), line \(first.location.line)): a session is one program in one language mode"
          ))
        continue
      }
      chosenBy[position] = scenario
      sessions[position].swiftVersion = version
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    return sessions
  }
}
