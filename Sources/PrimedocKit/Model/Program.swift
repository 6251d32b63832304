import Crypto
import Foundation

/// The full program of a scenario: the page's blocks its state comes from, then
/// itself. One text, used by `primedoc run` and by the site's "full program" (which
/// highlights the same parts), and hashed for the provenance.
struct Program: Sendable {
  var blocks: [Scenario]
  /// Whether its page's sessions import the documented library.
  var importsLibrary = true

  /// The first line: the library import, when there is one.
  var header: String { Self.header(importsLibrary: importsLibrary) }

  static func header(importsLibrary: Bool) -> String {
    importsLibrary ? "import \(DocumentedLibrary.module)\n" : ""
  }

  /// The library import, then each block under a comment naming its place.
  var text: String { header + blocks.map(Self.part).joined() }

  /// One block as the program holds it: a blank line, its comment, its code.
  static func part(_ block: Scenario) -> String { "\n" + comment(for: block) + "\n" + block.code }

  /// `// docs-src/page.md:12`, with ` (hidden setup)` for a hidden block.
  static func comment(for block: Scenario) -> String {
    "// \(block.location)\(block.attributes.hidden ? " (hidden setup)" : "")"
  }
}

extension PageScenarios {
  /// The session a scenario belongs to.
  func session(of scenario: Scenario) -> Session {
    sessions.first { $0.scenarios.contains(scenario.index) }
      ?? Session(name: nil, scenarios: [], swiftVersion: .standard)
  }

  /// The blocks a scenario's state comes from: its session's blocks before it whose
  /// declarations carry on (`Mode.carriesState`), then itself. A `compile-fail`
  /// scenario is compiled after the same blocks, so it is judged with that state in
  /// scope.
  func program(for scenario: Scenario) -> Program {
    let before = scenarios(of: session(of: scenario)).prefix { $0.index != scenario.index }
    return Program(blocks: before.filter(\.mode.carriesState) + [scenario], importsLibrary: page.importsLibrary)
  }

  /// Each scenario's hash: SHA-256 of its program's text, its language mode, a NUL
  /// and the output it claims; what a verdict is about, naming no machine. Computed
  /// in one pass per session, the shared prefix hashed once, so a page of many
  /// scenarios costs what its text does.
  func scenarioHashes() -> [String] {
    var hashes = Array(repeating: "", count: scenarios.count)
    for session in sessions {
      var shared = SHA256()
      shared.update(data: Data(Program.header(importsLibrary: page.importsLibrary).utf8))
      if session.swiftVersion != .standard {
        shared.update(data: Data("swift-version \(session.swiftVersion.rawValue)".utf8))
      }
      for scenario in scenarios(of: session) {
        var hasher = shared
        let part = Data(Program.part(scenario).utf8)
        hasher.update(data: part)
        hasher.update(data: Data(("\u{0}" + (scenario.expectedOutput ?? "")).utf8))
        if scenario.mode.carriesState { shared.update(data: part) }
        hashes[scenario.index] = Digest.hex(hasher.finalize())
      }
    }
    return hashes
  }
}
