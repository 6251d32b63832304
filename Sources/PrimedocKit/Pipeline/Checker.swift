import Foundation
import Synchronization

/// Steps 1 to 7 of the pipeline: load, parse, extract, look up the cache, compile
/// what missed it once, run the pages in parallel, verify.
public struct Checker: Sendable {
  public var options: CheckOptions

  public init(options: CheckOptions) {
    self.options = options
  }

  /// Loads and extracts the book; throws `BadInput` with every problem found.
  public func load(_ folder: URL, displayRoot: String) throws(BadInput) -> (Book, [PageScenarios]) {
    let book = try BookLoader.load(folder, displayRoot: displayRoot)
    var pages: [PageScenarios] = []
    var diagnostics: [Diagnostic] = []
    for page in book.pages {
      do {
        pages.append(try ScenarioExtractor.extract(page))
      } catch {
        diagnostics += error.diagnostics
      }
    }
    if options.strict {
      diagnostics += pages.flatMap(\.unverifiedBlocks).map {
        .error($0, "this `swift` block is not a scenario, so nothing verifies it (--strict); make it `swift scenario` or change its language")
      }
    }
    guard diagnostics.isEmpty else { throw BadInput(diagnostics) }
    return (book, pages)
  }

  public func check(_ folder: URL, displayRoot: String) async throws -> CheckReport {
    let start = ContinuousClock.now
    let (book, pages) = try load(folder, displayRoot: displayRoot)
    PhaseClock.note("load", ContinuousClock.now - start)
    return try await check(book, pages)
  }

  public func check(_ book: Book, _ pages: [PageScenarios]) async throws -> CheckReport {
    let clock = PhaseClock()
    defer { clock.report() }
    let cache = ResultCache(folder: options.cacheFolder)
    let model = options.toolchain.modelFingerprint()
    let compiler = options.toolchain.compilerIdentity()
    let keys = pages.map { page in
      ResultCache.key(
        pageSource: HarnessGenerator.pageBody(page),
        extras: page.scenarios.map { scenario in
          (!scenario.mode.compiledWithPage ? HarnessGenerator.sourceLocated(scenario, file: page.page.displayPath) : "")
            + "\u{1}\((scenario.attributes.timeout ?? options.defaultTimeout).text)"
        } + ["\(options.outputCap)"],
        model: model, compiler: compiler)
    }

    clock.mark("keys")
    var outcomes: [String: PageRun] = [:]
    var cached: Set<String> = []
    if options.useCache {
      for (page, key) in zip(pages, keys) where !page.scenarios.isEmpty {
        if let hit = cache.lookup(key), hit.outcomes.count == page.scenarios.count {
          outcomes[page.page.path] = hit
          cached.insert(page.page.path)
        }
      }
    }
    clock.mark("cache lookup")
    let misses = pages.filter { !$0.scenarios.isEmpty && outcomes[$0.page.path] == nil }
    var invocations = 0
    if !misses.isEmpty {
      let (fresh, count) = try await compileAndRun(misses)
      invocations = count
      let keyOfPage = Dictionary(zip(pages.map(\.page.path), keys), uniquingKeysWith: { first, _ in first })
      for page in misses {
        let run = fresh[page.page.path] ?? PageRun(outcomes: [])
        outcomes[page.page.path] = run
        if run.outcomes.allSatisfy(\.isCacheable), let key = keyOfPage[page.page.path] {
          try? cache.store(run, for: key)
        }
      }
    }

    clock.mark("compile and run")
    let reports = zip(pages, keys).map { page, key in
      let fromCache = cached.contains(page.page.path)
      let run = outcomes[page.page.path] ?? PageRun(outcomes: [])
      let results = zip(page.scenarios, run.outcomes).map { scenario, outcome in
        var result = Verifier.verify(scenario, page: page.page, outcome: outcome, runKey: key, fromCache: fromCache)
        result.trace = run.traces[scenario.index]
        return result
      }
      return PageReport(page: page, results: results, fromCache: fromCache)
    }
    clock.mark("verify")
    return CheckReport(
      book: book, pages: reports, unverifiedBlocks: pages.flatMap(\.unverifiedBlocks),
      cachedPages: cached.count, compiledPages: misses.count, compilerInvocations: invocations)
  }

  /// Compiles the pages in one harness and runs each in its own process, `jobs` at
  /// a time. Returns each page's outcomes by path.
  private func compileAndRun(_ pages: [PageScenarios]) async throws -> ([String: PageRun], Int) {
    let folder = options.cacheFolder.appendingPathComponent("build")
      .appendingPathComponent("run-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: .min ... .max))")
    ChildRegistry.shared.register(scratch: folder)
    defer {
      // PRIMEDOC_KEEP_BUILD keeps the generated sources and harness for inspection.
      ChildRegistry.shared.finish(scratch: folder, keep: ProcessInfo.processInfo.environment["PRIMEDOC_KEEP_BUILD"] != nil)
    }
    options.progress(.compiling(pages: pages.count))
    let compileStart = ContinuousClock.now
    let product = try await HarnessBuild(compiler: Compiler(toolchain: options.toolchain), folder: folder, jobs: options.jobs)
      .build(pages)
    PhaseClock.note("  of which compile", ContinuousClock.now - compileStart)

    var results: [String: PageRun] = [:]
    let runnable = pages.filter { product.pageNumbers[$0.page.path] != nil }
    if let harness = product.harness {
      let runner = PageRunner(
        harness: harness, defaultTimeout: options.defaultTimeout, outputCap: options.outputCap,
        workingDirectory: options.workingDirectory)
      var done = 0
      options.progress(.running(done: 0, total: runnable.count))
      try await withThrowingTaskGroup(of: (String, PageRun).self) { group in
        var queue = runnable.makeIterator()
        func startNext() {
          guard let page = queue.next(), let number = product.pageNumbers[page.page.path] else { return }
          group.addTask { (page.page.path, try await runner.run(page, harnessIndex: number)) }
        }
        for _ in 0..<options.jobs { startNext() }
        for try await (path, run) in group {
          results[path] = run
          done += 1
          options.progress(.running(done: done, total: runnable.count))
          startNext()
        }
      }
    }
    // Outcomes settled at compile time (compile errors, compile-fail checks) win.
    for page in pages {
      let settled = product.settled[page.page.path] ?? [:]
      let ran = results[page.page.path]
      let merged = page.scenarios.map { scenario in
        settled[scenario.index] ?? ran?.outcomes[scenario.index] ?? .notRun(reason: "its page does not compile")
      }
      results[page.page.path] = PageRun(outcomes: merged, traces: ran?.traces ?? [:])
    }
    return (results, product.compilerInvocations)
  }
}

extension ScenarioOutcome {
  /// Outcomes worth remembering: deterministic results of a run that finished.
  /// Crashes, timeouts and compile errors are checked afresh next time.
  var isCacheable: Bool {
    switch self {
    case .completed, .failed, .threw, .skipped, .compiled: true
    case .crashed, .timedOut, .flooded, .notRun, .compileError: false
    }
  }
}
