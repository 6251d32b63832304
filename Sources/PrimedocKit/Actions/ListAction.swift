/// `primedoc list`: the book's pages and their scenarios, with names and lines.
public struct ListAction: Sendable {
  public var request: BookRequest

  public init(request: BookRequest) { self.request = request }

  public func perform(console: Console) async -> ExitStatus {
    await CheckAction.running(console: console) {
      let (_, pages) = try request.checker.load(request.folder, displayRoot: request.displayRoot)
      for page in pages {
        console.line("\(page.page.displayPath)  \(page.page.title)")
        for scenario in page.scenarios {
          let flags = scenario.attributes.flagWords
          console.line("  \(scenario.location.line)\t\(scenario.name)\(flags.isEmpty ? "" : "\t[\(flags.joined(separator: " "))]")")
        }
      }
      return .success
    }
  }
}

extension ScenarioAttributes {
  /// The attributes besides the name, as written in the info string.
  var flagWords: [String] {
    var words: [String] = []
    if isolated { words.append("isolated") }
    if hidden { words.append("hidden") }
    if expectFailure { words.append("expect=failure") }
    if compileFail { words.append("compile-fail") }
    if noRun { words.append("no-run") }
    if trace { words.append("trace") }
    if let timeout { words.append("timeout=\(timeout.attributeText)") }
    return words
  }
}
