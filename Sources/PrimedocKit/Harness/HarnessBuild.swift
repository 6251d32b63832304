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
    /// Harness page number for each compiled page (by page path).
    var pageNumbers: [String: Int]
    /// Outcomes settled at compile time: compile errors, compile-fail results.
    var settled: [String: [Int: ScenarioOutcome]]
    var compilerInvocations: Int
  }

  func build(_ pages: [PageScenarios]) async throws -> Product {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var settled: [String: [Int: ScenarioOutcome]] = [:]
    var invocations = 0

    // compile-fail scenarios, each type-checked on its own, `jobs` at a time.
    let compileFails = pages.flatMap { page in page.scenarios.filter { !$0.mode.compiledWithPage }.map { (page, $0) } }
    for batch in stride(from: 0, to: compileFails.count, by: jobs).map({ compileFails[$0..<min($0 + jobs, compileFails.count)] }) {
      try await withThrowingTaskGroup(of: (String, Int, ScenarioOutcome).self) { group in
        for (page, scenario) in batch {
          let source = folder.appendingPathComponent("compile-fail-\(page.page.path.identifier)-\(scenario.index).swift")
          try HarnessGenerator.compileFailFile(scenario, file: page.page.displayPath).write(to: source, atomically: true, encoding: .utf8)
          group.addTask {
            let errors = try await compiler.typecheck(source, in: folder)
            let lines = errors.map { $0.text.replacingOccurrences(of: page.page.displayPath + ":", with: page.page.path + ":") }
            return (page.page.path, scenario.index, .compiled(errors: lines))
          }
        }
        for try await (path, index, outcome) in group { settled[path, default: [:]][index] = outcome }
      }
      invocations += batch.count
    }

    var remaining = pages.filter { $0.scenarios.contains { $0.mode.compiledWithPage } }
    let executable = folder.appendingPathComponent("harness")
    while !remaining.isEmpty {
      let functions = remaining.indices.map { "__primedoc_page_\($0)" }
      var sources = [folder.appendingPathComponent("main.swift")]
      try HarnessGenerator.mainFile(pageFunctions: zip(functions, remaining).map { ($0, HarnessGenerator.isAsync($1)) })
        .write(to: sources[0], atomically: true, encoding: .utf8)
      for (number, page) in remaining.enumerated() {
        let file = folder.appendingPathComponent("page-\(number)-\(page.page.path.identifier).swift")
        try HarnessGenerator.pageFile(page, function: functions[number])
          .write(to: file, atomically: true, encoding: .utf8)
        sources.append(file)
      }
      invocations += 1
      guard let errors = try await compiler.buildHarness(sources: sources, output: executable, in: folder) else {
        let numbers = Dictionary(uniqueKeysWithValues: remaining.enumerated().map { ($1.page.path, $0) })
        return Product(harness: executable, pageNumbers: numbers, settled: settled, compilerInvocations: invocations)
      }
      let broken = attribute(errors, to: remaining, sources: sources)
      for (path, outcomes) in broken { settled[path, default: [:]].merge(outcomes) { $1 } }
      remaining.removeAll { broken[$0.page.path] != nil }
    }
    return Product(harness: nil, pageNumbers: [:], settled: settled, compilerInvocations: invocations)
  }

  /// Assigns each compiler error to the page (and scenario) it names. An error no
  /// page can claim (a broken toolchain, a missing library) breaks every page.
  private func attribute(_ errors: [CompilerDiagnostic], to pages: [PageScenarios], sources: [URL])
    -> [String: [Int: ScenarioOutcome]]
  {
    var byPage: [String: [CompilerDiagnostic]] = [:]
    for error in errors {
      let generated = sources.dropFirst().firstIndex { $0.path == error.file || $0.lastPathComponent == error.file }
      let page = pages.first { $0.page.displayPath == error.file } ?? generated.map { pages[$0 - 1] }
      if let page { byPage[page.page.path, default: []].append(error) }
    }
    var outcomes: [String: [Int: ScenarioOutcome]] = [:]
    if byPage.isEmpty {
      let reason = "the harness does not compile, and no page is to blame (a toolchain or primedoc problem):\n"
        + errors.flatMap { [$0.text] + $0.context }.joined(separator: "\n")
      for page in pages {
        outcomes[page.page.path] = Dictionary(
          uniqueKeysWithValues: page.scenarios.filter { $0.mode.compiledWithPage }.map { ($0.index, .notRun(reason: reason)) })
      }
      return outcomes
    }
    for page in pages {
      guard let pageErrors = byPage[page.page.path] else { continue }
      let runnable = page.scenarios.filter { $0.mode.compiledWithPage }
      var perScenario: [Int: [CompilerDiagnostic]] = [:]
      for error in pageErrors {
        let owner = runnable.last { $0.block.startLine <= error.line } ?? runnable[0]
        perScenario[owner.index, default: []].append(error)
      }
      var pageOutcomes: [Int: ScenarioOutcome] = [:]
      for scenario in runnable {
        pageOutcomes[scenario.index] =
          perScenario[scenario.index].map { .compileError($0) }
          ?? .notRun(reason: "its page does not compile")
      }
      outcomes[page.page.path] = pageOutcomes
    }
    return outcomes
  }
}

