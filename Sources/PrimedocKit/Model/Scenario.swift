/// A `swift scenario` block: code to compile and run against DocModel, and the
/// output it must print.
public struct Scenario: Sendable {
  /// Unique within its page: the `name=` attribute, or its 1-based position.
  public var name: String
  public var isNamed: Bool
  /// 0-based position among the page's scenarios; the harness reports by it.
  public var index: Int
  public var attributes: ScenarioAttributes
  /// The opening fence.
  public var location: SourceLocation
  var block: CodeBlock
  /// The `output` block after it, if any.
  var expected: CodeBlock?

  public var mode: Mode { attributes.mode }
  public var code: String { block.literal }
  public var expectedOutput: String? { expected?.literal }
  /// The line of the first line of code: where `#sourceLocation` points.
  public var firstCodeLine: Int { block.firstCodeLine }

  /// How messages name it: `'mmap-redirect'`, or `#3` for an unnamed one.
  public var displayName: String { isNamed ? "'\(name)'" : "#\(name)" }
}

/// The scenarios of one page, with what the page holds that is not a scenario.
public struct PageScenarios: Sendable {
  public var page: Page
  public var scenarios: [Scenario]
  /// Plain `swift` blocks: shown to readers but not verified.
  public var unverifiedBlocks: [SourceLocation]

  public var path: String { page.path }
  public var displayPath: String { page.displayPath }
}
