/// `primedoc run PAGE.md#NAME`: prints the full program of one scenario, hidden
/// setup included, and what it printed: how a reader reproduces a claim.
package struct RunAction: PrimedocAction {
  package var request: BookRequest
  package var target: String

  package init(request: BookRequest, target: String) {
    self.request = request
    self.target = target
  }

  package func perform(console: Console) async throws -> ExitStatus {
    let parts = target.split(separator: "#", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { throw PrimedocError(nil, "'\(target)' names no scenario; write PAGE.md#NAME") }
    let checker = request.checker
    let (book, pages) = try checker.load(request.location)
    guard let page = pages.first(where: { $0.path == parts[0] || $0.displayPath == parts[0] }) else {
      throw PrimedocError(nil, "no page '\(parts[0])' in \(request.location.display)/SUMMARY.md")
    }
    guard let scenario = page.scenarios.first(where: { $0.name == parts[1] }) else {
      let names = page.scenarios.map(\.name).joined(separator: ", ")
      throw PrimedocError(nil, "no scenario '\(parts[1])' in \(page.displayPath) (it has: \(names))")
    }
    console.line("// The full program of scenario \(scenario.displayName), \(scenario.location)")
    let program = page.program(for: scenario).text
    console.write(program.hasSuffix("\n") ? program : program + "\n")
    let report = try await request.locked(console: console) { try await checker.check(book, [page]) }
    guard let result = report.results.first(where: { $0.name == scenario.name }) else { return .failure }
    console.line("\n// Output:")
    console.write(result.output?.text ?? "")
    if let diagnostic = result.diagnostic { console.error(diagnostic.description) }
    return result.status.passed ? .success : .failure

  }
}
