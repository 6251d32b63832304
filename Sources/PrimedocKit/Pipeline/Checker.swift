import Foundation
import Synchronization

/// Steps 1 to 7 of the pipeline: load, parse, extract, look up the cache, compile
/// what missed it once, run the pages in parallel, verify.
struct Checker: Sendable {
  var options: CheckOptions

  /// Loads and extracts the book; throws `PrimedocError` with every problem found.
  func load(_ location: BookLocation) throws(PrimedocError) -> (Book, [PageScenarios]) {
    let started = ContinuousClock.now
    var book = try BookLoader.load(location)
    PhaseClock.note("  of which reading and parsing", ContinuousClock.now - started)
    var (pages, diagnostics) = book.pages.parallelMap { page throws(PrimedocError) in
      try ScenarioExtractor.extract(page)
    }
    if options.strict {
      diagnostics += pages.flatMap(\.unverifiedBlocks).map {
        .error(
          $0,
          "this `swift` block is not a scenario, so nothing verifies it (--strict); make it `swift scenario` or change its language"
        )
      }
    }
    if diagnostics.isEmpty {
      let linksStarted = ContinuousClock.now
      defer { PhaseClock.note("  of which checking links", ContinuousClock.now - linksStarted) }
      let links = LinkChecker.check(book, pages)
      diagnostics += links.diagnostics
      book.assets = links.assets
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    return (book, pages)
  }

  func check(_ location: BookLocation) async throws -> CheckReport {
    let start = ContinuousClock.now
    let (book, pages) = try load(location)
    PhaseClock.note("load", ContinuousClock.now - start)
    return try await check(book, pages)
  }

  func check(_ book: Book, _ pages: [PageScenarios]) async throws -> CheckReport {
    let clock = PhaseClock()
    defer { clock.report() }
    var planned = plan(pages)
    clock.mark("keys and cache lookup")

    let misses = planned.indices.filter { planned[$0].needsRun }
    let cached = planned.filter { $0.run != nil }.count
    var invocations = 0
    if !misses.isEmpty {
      let (runs, count) = try await compileAndRun(misses.map { planned[$0] })
      invocations = count
      let cache = ResultCache(folder: options.cacheFolder)
      for (position, run) in zip(misses, runs) {
        planned[position].run = run
        if run.outcomes.allSatisfy(\.isCacheable) { try? cache.store(run, for: planned[position].key) }
      }
    }
    clock.mark("compile and run")

    let reports = planned.map { planned in
      let run = planned.run ?? PageRun(outcomes: [])
      let hashes = planned.page.scenarioHashes()
      let results = zip(planned.page.scenarios, run.outcomes).map { scenario, outcome in
        var result = Verifier.verify(scenario, in: planned.page, outcome: outcome, hash: hashes[scenario.index])
        result.trace = run.traces[scenario.index]
        return result
      }
      return PageReport(page: planned.page, results: results)
    }
    clock.mark("verify")
    let report = CheckReport(
      book: book, pages: reports, unverifiedBlocks: pages.flatMap(\.unverifiedBlocks),
      cachedPages: cached, compiledPages: misses.count, compilerInvocations: invocations)
    guard let runner = options.realKernelRunner else { return report }
    defer { clock.mark("real kernel") }
    return try await RealKernelCheck(options: options, runner: runner).check(report)
  }

  /// Each page's cache key (everything its run depends on) and, when the cache
  /// holds a run under it, that run.
  private func plan(_ pages: [PageScenarios]) -> [PlannedPage] {
    let cache = ResultCache(folder: options.cacheFolder)
    let model = options.toolchain.modelFingerprint()
    let compiler = options.toolchain.compilerIdentity()
    let options = self.options
    return pages.parallelMap { page in
      let key = ResultCache.key(
        inputs: HarnessGenerator.inputs(of: page),
        extras: page.scenarios.map { ($0.attributes.timeout ?? options.defaultTimeout).text } + [
          "\(options.outputCap)"
        ],
        model: model, compiler: compiler)
      let hit = options.useCache && !page.scenarios.isEmpty ? cache.lookup(key) : nil
      let run = hit.flatMap { $0.outcomes.count == page.scenarios.count ? $0 : nil }
      return PlannedPage(page: page, key: key, run: run)
    }
  }

  /// Compiles the pages in one harness and runs each in its own process, `jobs` at
  /// a time. Returns each page's run, in the order given.
  private func compileAndRun(_ pages: [PlannedPage]) async throws -> ([PageRun], Int) {
    try await options.withScratchFolder("run") { try await compileAndRun(pages, in: $0) }
  }

  private func compileAndRun(_ pages: [PlannedPage], in folder: URL) async throws -> ([PageRun], Int) {
    options.progress(.compiling(pages: pages.count))
    var compileStart = ContinuousClock.now
    let product = try await HarnessBuild(
      compiler: Compiler(toolchain: options.toolchain, planCache: options.cacheFolder.appendingPathComponent("plans")),
      folder: folder, jobs: options.jobs
    )
    .build(pages.map(\.page))
    PhaseClock.note("  of which compile", ContinuousClock.now - compileStart)

    compileStart = ContinuousClock.now
    var ran: [Int: PageRunner.Reports] = [:]
    let runnable = product.pages.indices.filter { !product.pages[$0].runs.isEmpty }
    if let harness = product.harness {
      let server = try HarnessServer(
        harness: harness, environment: PageRunner.environment, workingDirectory: options.workingDirectory,
        folder: folder.appendingPathComponent("fifos"))
      defer { server.stop() }
      let runner = PageRunner(server: server, defaultTimeout: options.defaultTimeout, outputCap: options.outputCap)
      options.progress(.running(done: 0, total: runnable.count))
      let progress = options.progress
      let reports = try await runnable.map { product.pages[$0] }.concurrentMap(
        jobs: options.jobs, onEach: { progress(.running(done: $0, total: runnable.count)) },
        { built in try await runner.run(built.page, runs: built.runs) })
      ran = Dictionary(uniqueKeysWithValues: zip(runnable, reports))
    }
    PhaseClock.note("  of which running", ContinuousClock.now - compileStart)
    // Outcomes settled at compile time (compile errors, compile-fail checks) win.
    let runs = product.pages.enumerated().map { position, built in
      let outcomes = built.page.scenarios.map { scenario in
        built.settled[scenario.index] ?? ran[position]?.outcomes[scenario.index]
          ?? .notRun(reason: "its session does not compile")
      }
      return PageRun(outcomes: outcomes, traces: ran[position]?.traces ?? [:])
    }
    return (runs, product.compilerInvocations)
  }
}

extension ScenarioOutcome {
  /// Outcomes worth remembering: deterministic results of a run that finished.
  /// Crashes, timeouts and compile errors are checked afresh next time.
  var isCacheable: Bool {
    switch self {
    case .completed, .failed, .threw, .trapped, .skipped, .compiled: true
    case .crashed, .timedOut, .flooded, .notRun, .compileError: false
    }
  }
}
