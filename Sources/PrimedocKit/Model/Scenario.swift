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

  /// How messages name it: `'mmap-redirect'`, or `#3` for an unnamed one.
  var displayName: String { isNamed ? "'\(name)'" : "#\(name)" }
}

/// The scenarios of one page, with what the page holds that is not a scenario.
struct PageScenarios: Sendable {
  var page: Page
  var scenarios: [Scenario]
  /// Plain `swift` blocks: shown to readers but not verified.
  var unverifiedBlocks: [SourceLocation]

  var path: String { page.path }
  var displayPath: String { page.displayPath }
}
