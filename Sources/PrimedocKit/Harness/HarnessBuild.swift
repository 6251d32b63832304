import Foundation

/// Compiles the pages that need running into one harness executable, and
/// type-checks their `compile-fail` scenarios alongside.
///
/// When some pages do not compile, their scenarios get the compiler's errors and
/// the harness is compiled again without them, so one broken page never stops the
/// others from running.
struct HarnessBuild {
  var compiler: Compiler
  var folder: URL
  var jobs: Int

  struct Product {
    var harness: URL?
    /// The pages given, in their order.
    var pages: [BuiltPage]
    var compilerInvocations: Int
  }

  /// A page as the build left it.
  struct BuiltPage {
    var page: PageScenarios
    /// Its number in the harness, when it compiled into it.
    var harnessIndex: Int?
    /// Outcomes settled at compile time (compile errors, compile-fail results),
    /// by scenario index.
    var settled: [Int: ScenarioOutcome]
  }

  func build(_ planned: [PlannedPage]) async throws -> Product {
    let pages = planned.map(\.page)
    // Keyed by the page's position in `pages`.
    var settled: [Int: [Int: ScenarioOutcome]] = [:]
    var invocations = 0

    // compile-fail scenarios, each type-checked on its own, `jobs` at a time.
    let compileFails = pages.enumerated().flatMap { number, page in
      page.scenarios.filter { !$0.mode.compiledWithPage }.map { (number, page, $0) }
    }
    for batch in stride(from: 0, to: compileFails.count, by: jobs).map({
      compileFails[$0..<min($0 + jobs, compileFails.count)]
    }) {
      try await withThrowingTaskGroup(of: (Int, Int, ScenarioOutcome).self) { group in
        for (number, page, scenario) in batch {
          let source = folder.appendingPathComponent("compile-fail-\(page.path.identifier)-\(scenario.index).swift")
          try HarnessGenerator.compileFailFile(scenario, file: page.displayPath).write(
            to: source, atomically: true, encoding: .utf8)
          group.addTask {
            let errors = try await compiler.typecheck(source, in: folder)
            let lines = errors.map { $0.text.replacingOccurrences(of: page.displayPath + ":", with: page.path + ":") }
            return (number, scenario.index, .compiled(errors: lines))
          }
        }
        for try await (number, index, outcome) in group { settled[number, default: [:]][index] = outcome }
      }
      invocations += batch.count
    }

    // Positions in `pages` of the pages still to compile into the harness.
    var remaining = pages.indices.filter { pages[$0].scenarios.contains { $0.mode.compiledWithPage } }
    let executable = folder.appendingPathComponent("harness")
    func product(harness: URL?) -> Product {
      let numbers = Dictionary(uniqueKeysWithValues: remaining.enumerated().map { ($1, $0) })
      return Product(
        harness: harness,
        pages: pages.indices.map { BuiltPage(page: pages[$0], harnessIndex: numbers[$0], settled: settled[$0] ?? [:]) },
        compilerInvocations: invocations)
    }
    while !remaining.isEmpty {
      let sources = try HarnessGenerator.writeSources(
        remaining.enumerated().map { ($0.offset, pages[$0.element], planned[$0.element].body) }, in: folder)
      invocations += 1
      guard let errors = try await compiler.buildHarness(sources: sources, output: executable, in: folder) else {
        return product(harness: executable)
      }
      let broken = attribute(errors, to: remaining.map { pages[$0] }, sources: sources)
      for (position, outcomes) in broken { settled[remaining[position], default: [:]].merge(outcomes) { $1 } }
      remaining = remaining.enumerated().filter { broken[$0.offset] == nil }.map(\.element)
    }
    return product(harness: nil)
  }

  /// Assigns each compiler error to the page (and scenario) it names. An error no
  /// page can claim (a broken toolchain, a missing library) breaks every page.
  /// Returns the outcomes of each broken page, by its position in `pages`.
  private func attribute(_ errors: [CompilerDiagnostic], to pages: [PageScenarios], sources: [URL])
    -> [Int: [Int: ScenarioOutcome]]
  {
    var byPage: [Int: [CompilerDiagnostic]] = [:]
    for error in errors {
      let generated = sources.dropFirst().firstIndex { $0.path == error.file || $0.lastPathComponent == error.file }
      let position = pages.firstIndex { $0.displayPath == error.file } ?? generated.map { $0 - 1 }
      if let position { byPage[position, default: []].append(error) }
    }
    var outcomes: [Int: [Int: ScenarioOutcome]] = [:]
    if byPage.isEmpty {
      let reason = CompilerDiagnostic.noneToBlame(errors, harness: "the harness", blamed: "page")
      for (position, page) in pages.enumerated() {
        outcomes[position] = Dictionary(
          uniqueKeysWithValues: page.scenarios.filter { $0.mode.compiledWithPage }.map {
            ($0.index, .notRun(reason: reason))
          })
      }
      return outcomes
    }
    for (position, page) in pages.enumerated() {
      guard let pageErrors = byPage[position] else { continue }
      let runnable = page.scenarios.filter { $0.mode.compiledWithPage }
      var perScenario: [Int: [CompilerDiagnostic]] = [:]
      for error in pageErrors {
        let owner = Self.scenario(owning: error, among: runnable) ?? runnable[0]
        perScenario[owner.index, default: []].append(error)
      }
      var pageOutcomes: [Int: ScenarioOutcome] = [:]
      for scenario in runnable {
        pageOutcomes[scenario.index] =
          perScenario[scenario.index].map { .compileError($0) }
          ?? .notRun(reason: "its page does not compile")
      }
      outcomes[position] = pageOutcomes
    }
    return outcomes
  }

  /// The scenario a compiler error's line falls in: the last that starts at or before it.
  static func scenario(owning error: CompilerDiagnostic, among scenarios: [Scenario]) -> Scenario? {
    scenarios.last { $0.block.startLine <= error.line }
  }
}
