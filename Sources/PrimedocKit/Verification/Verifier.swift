/// Judges each scenario's outcome against what its Markdown claims.
enum Verifier {
  /// `hash` is the scenario's (`PageScenarios.scenarioHashes`).
  static func verify(_ scenario: Scenario, in page: PageScenarios, outcome: ScenarioOutcome, hash: String)
    -> ScenarioResult
  {
    let (status, diagnostic) = judge(scenario, outcome: outcome)
    return ScenarioResult(
      page: page.displayPath, name: scenario.name, startLine: scenario.location.line,
      endLine: scenario.expected?.endLine ?? scenario.block.endLine,
      hash: hash, status: status,
      outcome: outcome, diagnostic: diagnostic)
  }

  private static func judge(_ scenario: Scenario, outcome: ScenarioOutcome) -> (ScenarioResult.Status, Diagnostic?) {
    let name = scenario.displayName
    let at = scenario.location
    func failure(_ message: String, line: Int? = nil, details: [String] = []) -> (ScenarioResult.Status, Diagnostic?) {
      let location = SourceLocation(file: at.file, line: line ?? at.line)
      return (.failed, .error(location, message, details: details))
    }

    switch outcome {
    case .compiled(let errors) where errors.isEmpty:
      return failure("scenario \(name) compiled, but it is marked `compile-fail`")
    case .completed where scenario.mode == .expectFailure:
      return failure(
        "scenario \(name) ran to its end, but it is marked `expect=failure` and the model reported no failure")
    case .completed where scenario.mode == .expectTrap:
      return failure(
        "scenario \(name) ran to its end, but it is marked `expect=trap`",
        details: outcome.output.map { [$0.text] } ?? [])
    case .trapped(let output):
      return compare(scenario, output)
    case .failed(_, model: false):
      return failure(
        "scenario \(name) threw an error the model did not report; `expect=failure` needs a model failure (an oops, a BUG, an errno)",
        details: outcome.output.map { [$0.text] } ?? [])
    case .completed(let output), .failed(let output, model: true):
      return compare(scenario, output)
    case .compiled(let errors):
      // Expected lines without `file:line:column: ` claim the errors wherever they
      // are; without a ` [#Group]`, whatever group the compiler files them under.
      var lines = errors
      if !CompilerDiagnostic.locatesErrors(scenario.expectedOutput) {
        lines = lines.map(CompilerDiagnostic.withoutLocation)
      }
      if scenario.expectedOutput?.contains(" [#") != true { lines = lines.map(CompilerDiagnostic.withoutGroup) }
      return compare(scenario, OutputBytes(lines.map { $0 + "\n" }.joined()))
    case .skipped:
      return (.compiled, nil)
    case .threw(_, let message):
      return failure(
        "scenario \(name) threw an error nothing caught, which ends its session as it ends a script (catch it, or mark the scenario `expect=failure`): \(message)"
      )
    case .crashed(_, let message, let line):
      return failure("scenario \(name) crashed: \(message)", line: line)
    case .timedOut(_, let limit):
      return failure(
        "scenario \(name) did not finish within \(limit.text); its process group was killed (raise it with `timeout=`)")
    case .flooded(_, let cap):
      return failure(
        "scenario \(name) printed more than \(cap >> 10) KiB; its output was cut there and its page stopped")
    case .notRun(let reason):
      return (.notRun, .error(at, "scenario \(name) was not run: \(reason)"))
    case .compileError(let errors):
      return failure(
        "scenario \(name) does not compile", line: errors.first?.line,
        details: errors.flatMap { [$0.text] + $0.context })
    }
  }

  private static func compare(_ scenario: Scenario, _ output: OutputBytes) -> (ScenarioResult.Status, Diagnostic?) {
    guard let expected = scenario.expected else { return (.unverified, nil) }
    let actualText = output.text
    if output.bytes.count == actualText.utf8.count,
      OutputMatcher.matches(expected: expected.literal, actual: actualText)
    {
      return (.verified, nil)
    }
    let location = SourceLocation(file: scenario.location.file, line: expected.startLine)
    let diff = UnifiedDiff.render(
      expected: OutputMatcher.lines(expected.literal), actual: OutputMatcher.lines(actualText),
      expectedLabel: "expected (\(location))", actualLabel: "actual")
    return (
      .failed,
      .error(location, "output of scenario \(scenario.displayName) differs from its expected block", details: diff)
    )
  }
}
