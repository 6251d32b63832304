import Crypto
import Foundation

/// The full program of a scenario: the page's blocks its state comes from, then
/// itself. One text, used by `primedoc run` and by the site's "full program" (which
/// highlights the same parts), and hashed for the provenance.
struct Program: Sendable {
  var blocks: [Scenario]

  /// The first line: the library import.
  static var header: String { "import \(DocumentedLibrary.module)\n" }

  /// The library import, then each block under a comment naming its place.
  var text: String { Self.header + blocks.map(Self.part).joined() }

  /// One block as the program holds it: a blank line, its comment, its code.
  static func part(_ block: Scenario) -> String { "\n" + comment(for: block) + "\n" + block.code }

  /// `// docs-src/page.md:12`, with ` (hidden setup)` for a hidden block.
  static func comment(for block: Scenario) -> String {
    "// \(block.location)\(block.attributes.hidden ? " (hidden setup)" : "")"
  }
}

extension PageScenarios {
  /// The blocks a scenario's state comes from: the page's blocks before it whose
  /// declarations carry on (`Mode.carriesState`), then itself. A `compile-fail`
  /// scenario is compiled alone, so it is its own program.
  func program(for scenario: Scenario) -> Program {
    guard scenario.mode.compiledWithPage else { return Program(blocks: [scenario]) }
    return Program(blocks: scenarios[..<scenario.index].filter(\.mode.carriesState) + [scenario])
  }

  /// Each scenario's hash: SHA-256 of its program's text, a NUL and the output it
  /// claims; what a verdict is about, naming no machine. Computed in one pass, the
  /// shared prefix hashed once, so a page of many scenarios costs what its text does.
  func scenarioHashes() -> [String] {
    var shared = SHA256()
    shared.update(data: Data(Program.header.utf8))
    return scenarios.map { scenario in
      var hasher = scenario.mode.compiledWithPage ? shared : SHA256()
      if !scenario.mode.compiledWithPage { hasher.update(data: Data(Program.header.utf8)) }
      let part = Data(Program.part(scenario).utf8)
      hasher.update(data: part)
      hasher.update(data: Data(("\u{0}" + (scenario.expectedOutput ?? "")).utf8))
      if scenario.mode.carriesState { shared.update(data: part) }
      return Digest.hex(hasher.finalize())
    }
  }
}
