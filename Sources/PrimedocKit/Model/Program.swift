/// The full program of a scenario: the page's blocks its state comes from, then
/// itself. One text, used by `primedoc run` and by the site's "full program", and
/// hashed for the site's provenance.
struct Program: Sendable {
  var blocks: [Scenario]

  /// The library import, then each block under a comment naming its place.
  var text: String {
    var text = "import \(DocumentedLibrary.module)\n"
    for block in blocks { text += "\n" + Self.comment(for: block) + "\n" + block.code }
    return text
  }

  /// `// docs-src/page.md:12`, with ` (hidden setup)` for a hidden block.
  static func comment(for block: Scenario) -> String {
    "// \(block.location)\(block.attributes.hidden ? " (hidden setup)" : "")"
  }

  /// The scenario hash: what a verdict is about, the program and the output it
  /// claims. It names no machine, so the same book gives the same hash anywhere.
  func hash(claiming expected: String?) -> String {
    Digest.sha256(text + "\u{0}" + (expected ?? ""))
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
}
