/// `primedoc run PAGE.md#NAME`: prints the full program of one scenario, hidden
/// setup included, and what it printed: how a reader reproduces a claim.
public struct RunAction: Sendable {
  public var request: BookRequest
  public var target: String

  public init(request: BookRequest, target: String) {
    self.request = request
    self.target = target
  }

  public func perform(console: Console) async -> ExitStatus {
    await CheckAction.running(console: console) {
      let parts = target.split(separator: "#", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw BadInput(nil, "'\(target)' names no scenario; write PAGE.md#NAME") }
      let checker = request.checker
      let (book, pages) = try checker.load(request.folder, displayRoot: request.displayRoot)
      guard let page = pages.first(where: { $0.page.path == parts[0] || $0.page.displayPath == parts[0] }) else {
        throw BadInput(nil, "no page '\(parts[0])' in \(request.displayRoot)/SUMMARY.md")
      }
      guard let scenario = page.scenarios.first(where: { $0.name == parts[1] }) else {
        let names = page.scenarios.map(\.name).joined(separator: ", ")
        throw BadInput(nil, "no scenario '\(parts[1])' in \(page.page.displayPath) (it has: \(names))")
      }
      console.line("// The full program of scenario \(scenario.displayName), \(page.page.displayPath):\(scenario.location.line)")
      console.line("import DocModel\n")
      for block in ScenarioScope.program(of: scenario, in: page) {
        console.line("// \(page.page.displayPath):\(block.location.line)\(block.attributes.hidden ? " (hidden)" : "")")
        console.write(block.code.hasSuffix("\n") || block.code.isEmpty ? block.code : block.code + "\n")
      }
      let report = try await request.locked(console: console) { try await checker.check(book, [page]) }
      guard let result = report.results.first(where: { $0.name == scenario.name }) else { return .failure }
      console.line("\n// Output:")
      console.write(result.output?.text ?? "")
      if let diagnostic = result.diagnostic { console.error(diagnostic.description) }
      return result.status.passed ? .success : .failure
    }
  }
}

/// Which blocks a scenario's state comes from: the page's shared blocks before it
/// (those whose declarations carry on: not `isolated`, `expect=failure`, `no-run`
/// or `compile-fail`), then itself.
enum ScenarioScope {
  static func program(of scenario: Scenario, in page: PageScenarios) -> [Scenario] {
    guard !scenario.attributes.compileFail else { return [scenario] }
    let shared = page.scenarios[..<scenario.index].filter {
      !$0.attributes.compileFail && !$0.attributes.isolated && !$0.attributes.expectFailure && !$0.attributes.noRun
    }
    return shared + [scenario]
  }
}
