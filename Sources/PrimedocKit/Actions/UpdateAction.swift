import Foundation

/// `primedoc update`: runs the book and writes each scenario's actual output into
/// its `output` block, as `dune promote` or `insta accept` do. Each changed file is
/// replaced atomically; a file whose outputs did not change is not touched.
package struct UpdateAction: PrimedocAction {
  package var request: BookRequest

  package init(request: BookRequest) { self.request = request }

  package func perform(console: Console) async throws -> ExitStatus {
    try await request.locked(console: console) {
      let report = try await request.check(console: console)
      var unfinished = 0
      var changed: [String] = []
      for pageReport in report.pages {
        let page = pageReport.sourcePage
        var outputs: [(scenario: Scenario, output: String)] = []
        for (scenario, result) in zip(pageReport.page.scenarios, pageReport.results) {
          if let output = Self.promotable(scenario, result) {
            outputs.append((scenario, output))
          } else if !result.status.passed, let diagnostic = result.diagnostic {
            unfinished += 1
            console.error(diagnostic.description)
          }
        }
        var rewriter = OutputRewriter(bytes: page.source.bytes)
        guard rewriter.apply(outputs) else { continue }
        try Data(rewriter.bytes).write(to: report.book.url(of: page), options: .atomic)
        changed.append(page.displayPath)
      }
      for file in changed { console.line("updated \(file)") }
      console.error(
        "\(changed.count) file(s) updated; \(unfinished) scenario(s) left as they were because they did not run to a result"
      )
      return unfinished == 0 ? .success : .failure
    }
  }

  /// The text to write as a scenario's expected output, when its outcome is one
  /// the author can accept: it ran to its end, or failed or trapped as it expected
  /// to, or (for `compile-fail`) the compiler rejected it. A block that already
  /// verifies is left alone, so a `...` the author wrote survives; a compile-fail
  /// block written without locations gets none.
  static func promotable(_ scenario: Scenario, _ result: ScenarioResult) -> String? {
    guard result.status != .verified else { return nil }
    switch result.outcome {
    case .completed(let output) where scenario.mode != .expectFailure && scenario.mode != .expectTrap:
      return output.text
    case .failed(let output, model: true), .trapped(let output):
      return output.text
    case .compiled(let errors) where !errors.isEmpty:
      // A block the author wrote without locations stays without them.
      let located = scenario.expectedOutput == nil || CompilerDiagnostic.locatesErrors(scenario.expectedOutput)
      return errors.map { located ? $0 : CompilerDiagnostic.withoutLocation($0) }.map { $0 + "\n" }.joined()
    default:
      return nil
    }
  }
}
