import Foundation
import Subprocess

/// The second verification: every scenario that compiles against the real-kernel
/// backend (`DocumentedLibrary.RealKernel`) runs again on a real kernel, and must
/// print what it printed on the model.
///
/// Which scenarios qualify is the compiler's decision, not a list: the candidates
/// (scenarios that run and passed on the model) are compiled against the backend,
/// each scenario an error names is dropped, and the rest compiled again, until the
/// harness builds. A dropped scenario whose state carries on takes the rest of its
/// page with it: what follows would run without its fds and fences.
struct RealKernelCheck: Sendable {
  var options: CheckOptions
  /// The script that boots the machine and runs the harness on it.
  var runner: URL

  /// `report` with each qualifying scenario marked as verified on the real kernel
  /// too, or failed with both outputs where the two differ.
  func check(_ report: CheckReport) async throws -> CheckReport {
    try await options.withScratchFolder("real") { try await check(report, in: $0) }
  }

  private func check(_ report: CheckReport, in folder: URL) async throws -> CheckReport {
    // Candidates: what runs and passed on the model, by position in report.pages.
    var candidates: [Int: PageScenarios] = [:]
    for (position, page) in report.pages.enumerated() {
      var scenarios = page.page
      scenarios.scenarios = zip(page.page.scenarios, page.results).filter { $0.0.mode.runs && $0.1.status.passed }
        .map(\.0)
      if !scenarios.scenarios.isEmpty { candidates[position] = scenarios }
    }
    var report = report
    report.realKernel = RealKernelSummary(kernel: "", qualified: 0, agreed: 0)
    options.progress(.compiling(pages: candidates.count))
    guard let (harness, qualifying) = try await qualify(candidates, in: folder) else { return report }

    let run = try await GuestRun(runner: runner).run(harness, pages: qualifying.keys.sorted(), in: folder)
    let kernel = run.label.isEmpty ? run.release : run.label
    var summary = RealKernelSummary(kernel: kernel, qualified: 0, agreed: 0, kernelLog: run.kernelLog)
    for (position, page) in qualifying.sorted(by: { $0.key < $1.key }) {
      let outcomes = Self.outcomes(ran: run.pages[position] ?? GuestRun.Page(), in: page, nonce: run.nonce)
      for scenario in page.scenarios {
        summary.qualified += 1
        var result = report.pages[position].results[scenario.index]
        let real = outcomes[scenario.index] ?? .notRun(reason: "its page stopped before it on the real kernel")
        if Self.agree(result.outcome, real) {
          result.realKernel = kernel
          summary.agreed += 1
        } else {
          result.status = .failed
          result.diagnostic = Self.difference(scenario, model: result.outcome, real: real, kernel: kernel)
        }
        report.pages[position].results[scenario.index] = result
      }
    }
    report.realKernel = summary
    return report
  }

  /// Compiles the candidates against the backend, dropping each scenario the
  /// compiler names, until the harness builds. Returns it and the pages in it, or
  /// nil when no scenario qualifies.
  private func qualify(_ candidates: [Int: PageScenarios], in folder: URL) async throws
    -> (harness: URL, pages: [Int: PageScenarios])?
  {
    var pages = candidates
    let compiler = Compiler(toolchain: options.toolchain)
    let executable = folder.appendingPathComponent("harness")
    while !pages.isEmpty {
      let sorted = pages.sorted { $0.key < $1.key }
      // Each page keeps its number in the book, so the runner runs page N for report.pages[N].
      let sources = try HarnessGenerator.writeSources(
        sorted.map { ($0.key, $0.value, HarnessGenerator.pageBody($0.value)) },
        library: DocumentedLibrary.RealKernel.module, in: folder)
      guard
        let errors = try await compiler.buildStaticHarness(
          sources: sources, output: executable, archive: DocumentedLibrary.RealKernel.archive, in: folder)
      else { return (executable, pages) }
      var dropped = 0
      for (position, var page) in sorted {
        let named = Set(
          errors.filter { $0.file == page.displayPath }.compactMap { error in
            HarnessBuild.scenario(owning: error, among: page.scenarios)?.index
          })
        // Whatever comes after a dropped scenario whose state carries on would run
        // without it (its fds, its fences), so it goes too.
        let cut = page.scenarios.filter { named.contains($0.index) && $0.mode.carriesState }.map(\.index).min()
        let before = page.scenarios.count
        page.scenarios.removeAll { scenario in named.contains(scenario.index) || scenario.index > (cut ?? .max) }
        // An error in the generated file of a page (a hoisted import, say) drops the page.
        let generated = errors.contains { $0.file?.hasSuffix(HarnessGenerator.fileName(position, page)) == true }
        if generated { page.scenarios.removeAll() }
        dropped += before - page.scenarios.count
        pages[position] = page.scenarios.isEmpty ? nil : page
      }
      guard dropped > 0 else {
        throw PrimedocError(
          nil, CompilerDiagnostic.noneToBlame(errors, harness: "the real-kernel harness", blamed: "scenario"))
      }
    }
    return nil
  }

  /// The outcome of each scenario of a page from what it printed on the real kernel.
  private static func outcomes(ran: GuestRun.Page, in page: PageScenarios, nonce: String) -> [Int: ScenarioOutcome] {
    let reading = Transcript(nonce: nonce).read(ran.output)
    var outcomes = reading.outcomes
    if let (index, printed) = reading.open {
      outcomes[index] = .crashed(printed, message: Self.ending(of: ran, in: page), line: nil)
    }
    return outcomes
  }

  /// Why a page stopped in a scenario: its timeout (`timeout` exits 124, or 143 when
  /// it ended the page with SIGTERM), else what `CrashReport` makes of its standard
  /// error and status (a shell reports a signal as 128 + its number).
  private static func ending(of ran: GuestRun.Page, in page: PageScenarios) -> String {
    if ran.status == 124 || ran.status == 143 { return "it did not finish within the machine's page timeout" }
    let status: TerminationStatus = ran.status > 128 ? .signaled(ran.status - 128) : .exited(ran.status)
    return CrashReport(standardError: ran.standardError, file: page.displayPath).message(status: status)
  }

  /// Whether the real kernel's outcome is the model's: the same ending, the same bytes.
  static func agree(_ model: ScenarioOutcome, _ real: ScenarioOutcome) -> Bool {
    switch (model, real) {
    case (.completed(let a), .completed(let b)): a == b
    case (.failed(let a, let m), .failed(let b, let r)): a == b && m == r
    default: false
    }
  }

  private static func difference(_ scenario: Scenario, model: ScenarioOutcome, real: ScenarioOutcome, kernel: String)
    -> Diagnostic
  {
    let ending =
      agreeInKind(model, real) ? "" : " (\(describe(model)) on the model, \(describe(real)) on the real kernel)"
    let diff = UnifiedDiff.render(
      expected: OutputMatcher.lines(model.output?.text ?? ""), actual: OutputMatcher.lines(real.output?.text ?? ""),
      expectedLabel: "the model (\(DocumentedLibrary.module))", actualLabel: kernel)
    return .error(
      scenario.location,
      "scenario \(scenario.displayName) does not print on the real kernel what it prints on the model\(ending)",
      details: diff)
  }

  private static func agreeInKind(_ model: ScenarioOutcome, _ real: ScenarioOutcome) -> Bool {
    describe(model) == describe(real)
  }

  private static func describe(_ outcome: ScenarioOutcome) -> String {
    switch outcome {
    case .completed: "ran to its end"
    case .failed(_, let model): model ? "failed as expected" : "threw"
    case .threw(_, let message, _): "threw: \(message)"
    case .crashed(_, let message, _): "crashed: \(message)"
    case .timedOut: "timed out"
    case .flooded: "printed too much"
    case .skipped, .compiled, .compileError: "was not run"
    case .notRun(let reason): "did not run: \(reason)"
    }
  }
}
