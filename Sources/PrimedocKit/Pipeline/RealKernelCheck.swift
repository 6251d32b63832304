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
      // A trap is Swift's, not the kernel's: nothing to compare.
      let passed = Set(
        zip(page.page.scenarios, page.results).filter {
          $0.0.mode.runs && $0.0.mode != .expectTrap && $0.1.status.passed
        }
        .map(\.0.index))
      let scenarios = page.page.keeping { passed.contains($0.index) }
      if !scenarios.scenarios.isEmpty { candidates[position] = scenarios }
    }
    var report = report
    report.realKernel = RealKernelSummary(kernel: "", qualified: 0, agreed: 0)
    options.progress(.compiling(pages: candidates.count))
    guard let qualified = try await qualify(candidates, in: folder) else { return report }

    let numbers = qualified.pages.values.flatMap { $0.runs.map(\.number) }.sorted()
    let run = try await GuestRun(runner: runner).run(qualified.harness, sessions: numbers, in: folder)
    let kernel = run.label.isEmpty ? run.release : run.label
    var summary = RealKernelSummary(kernel: kernel, qualified: 0, agreed: 0, kernelLog: run.kernelLog)
    for (position, (page, runs)) in qualified.pages.sorted(by: { $0.key < $1.key }) {
      var outcomes: [Int: ScenarioOutcome] = [:]
      for harnessRun in runs {
        let ran = run.sessions[harnessRun.number] ?? GuestRun.Session()
        outcomes.merge(Self.outcomes(ran: ran, in: page, nonce: run.nonce)) { $1 }
      }
      for scenario in page.scenarios {
        summary.qualified += 1
        var result = report.pages[position].results[scenario.index]
        let real = outcomes[scenario.index] ?? .notRun(reason: "its session stopped before it on the real kernel")
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

  /// A harness for the real kernel, and the pages in it (by position in the
  /// report) with each session's number in it.
  struct Qualified {
    var harness: URL
    var pages: [Int: (page: PageScenarios, runs: [HarnessRun])]
  }

  /// Compiles the candidates against the backend, dropping each scenario the
  /// compiler names, until every session compiles. Returns the harness, or nil when
  /// no scenario qualifies.
  private func qualify(_ candidates: [Int: PageScenarios], in folder: URL) async throws -> Qualified? {
    var pages = candidates
    let build = HarnessBuild(
      compiler: Compiler(toolchain: options.toolchain, staticArchive: DocumentedLibrary.RealKernel.archive),
      folder: folder, jobs: options.jobs, library: DocumentedLibrary.RealKernel.module,
      retriesWithoutBrokenScenarios: false)
    while !pages.isEmpty {
      let sorted = pages.sorted { $0.key < $1.key }
      let product = try await build.build(sorted.map(\.value))
      var dropped = 0
      for ((position, page), built) in zip(sorted, product.pages) {
        var dropping: Set<Int> = []
        for session in page.sessions {
          let members = page.scenarios(of: session)
          let named = members.filter { if case .compileError = built.settled[$0.index] { true } else { false } }
          if named.isEmpty {
            // Errors that name no scenario (a hoisted import, say) drop the session.
            if members.contains(where: { built.settled[$0.index] != nil }) { dropping.formUnion(members.map(\.index)) }
            continue
          }
          dropping.formUnion(named.map(\.index))
          // Whatever comes after a dropped scenario whose state carries on would run
          // without it (its fds, its fences), so the rest of its session goes too.
          if let first = named.first(where: \.mode.carriesState) {
            dropping.formUnion(members.filter { $0.index > first.index }.map(\.index))
          }
        }
        let kept = page.keeping { !dropping.contains($0.index) }
        dropped += page.scenarios.count - kept.scenarios.count
        pages[position] = kept.scenarios.isEmpty ? nil : kept
      }
      if dropped > 0 { continue }
      guard let harness = product.harness else {
        throw PrimedocError(nil, "the real-kernel harness did not build, and no scenario is to blame")
      }
      return Qualified(
        harness: harness,
        pages: Dictionary(uniqueKeysWithValues: zip(sorted, product.pages).map { ($0.0.key, ($0.1.page, $0.1.runs)) }))
    }
    return nil
  }

  /// The outcome of each scenario of a page from what it printed on the real kernel.
  private static func outcomes(ran: GuestRun.Session, in page: PageScenarios, nonce: String) -> [Int: ScenarioOutcome] {
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
  private static func ending(of ran: GuestRun.Session, in page: PageScenarios) -> String {
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
    case .threw(_, let message): "threw: \(message)"
    case .trapped: "trapped"
    case .crashed(_, let message, _): "crashed: \(message)"
    case .timedOut: "timed out"
    case .flooded: "printed too much"
    case .skipped, .compiled, .compileError: "was not run"
    case .notRun(let reason): "did not run: \(reason)"
    }
  }
}
