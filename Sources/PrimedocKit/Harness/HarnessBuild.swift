import Foundation

/// Compiles the pages that need running into one harness executable: sessions
/// whose code fits a function body in batches (a module per job,
/// `HarnessBuild+Batches.swift`), every other program (a session's script, or an
/// `expect=trap` scenario's) into an object of its own module, `jobs` at a time,
/// then one link; and compiles the `compile-fail` scenarios alongside.
///
/// A scenario that does not compile gets the compiler's errors and is left out of
/// its session, which is compiled again without it; a session the linker blames is
/// left out of the link. One broken scenario never stops the others from running.
struct HarnessBuild {
  var compiler: Compiler
  var folder: URL
  var jobs: Int
  /// The library the sessions import.
  var library = DocumentedLibrary.module
  /// Compile a session again without the scenarios its errors name. The
  /// real-kernel check does not: it leaves out the rest of the session too, itself.
  var retriesWithoutBrokenScenarios = true

  struct Product: Sendable {
    var harness: URL?
    /// The pages given, in their order.
    var pages: [BuiltPage]
    var compilerInvocations: Int
  }

  /// A page as the build left it.
  struct BuiltPage: Sendable {
    var page: PageScenarios
    /// The programs of the page in the harness, in the order they run.
    var runs: [HarnessRun]
    /// Outcomes settled at compile time (compile errors, compile-fail results),
    /// by scenario index.
    var settled: [Int: ScenarioOutcome]
  }

  /// One program of the harness: a session, or a trap scenario with its
  /// session's state. It runs as the process `run.number`.
  struct Program: Sendable {
    var page: Int
    var session: Int
    /// The `expect=trap` scenario it runs, by index; nil for the session's own script.
    var trap: Int?
    var run: HarnessRun
    var version: SwiftVersion
  }

  /// One compile: an object that holds one program (its script) or a batch of
  /// sessions, each a function body (`HarnessGenerator.batchFile`).
  struct Unit: Sendable {
    var programs: [Program]
    var isBatch: Bool
    var object: URL
  }

  /// What compiling a unit settled: outcomes by page and scenario index, the
  /// object if it compiled, the programs of a batch that must be compiled as
  /// scripts instead, and the compiler invocations it took.
  struct Compiled: Sendable {
    var settled: [Int: [Int: ScenarioOutcome]] = [:]
    var object: Unit?
    var asScripts: [Program] = []
    var invocations = 0
  }

  /// The scenarios' code parsed, by page and scenario index: what `nested`
  /// shadows and whether a session can join a batch.
  typealias ParsedCode = [[Int: TopLevelCode]]

  func build(_ pages: [PageScenarios]) async throws -> Product {
    var phase = ContinuousClock.now
    func note(_ name: String) {
      PhaseClock.note("    \(name)", ContinuousClock.now - phase)
      phase = .now
    }
    let parsed = pages.parallelMap { page in
      Dictionary(uniqueKeysWithValues: page.scenarios.map { ($0.index, TopLevelCode(parsing: $0.code)) })
    }
    note("parsing scenarios")
    var settled = try await judgeCompileFails(pages, parsed: parsed)
    note("compile-fail checks")
    let units = plan(programs(pages), of: pages, parsed: parsed)
    let (compiler, folder) = (self.compiler, self.folder)
    // The dispatcher, compiled beside the sessions for all of them; the link
    // compiles another only if some do not make it.
    let everyProgram = units.flatMap(\.programs).map(\.run.number).sorted()
    async let dispatcher = compileDispatcher(sessions: everyProgram)
    async let linkPlan = everyProgram.isEmpty ? nil : compiler.linkPlan(in: folder)
    // The plans the frontend jobs come from, one per kind of compile the units
    // need, asked of the driver together; a session that falls back to its
    // script without a plan of its kind goes through the driver.
    let keys = Array(Set(units.map { FrontendJobKey(version: $0.programs[0].version, batch: $0.isBatch) }))
    let plans = try await keys.concurrentMap(jobs: jobs) { key in
      try await compiler.frontendJob(version: key.version, batch: key.batch, in: folder)
    }
    let frontendJobs = Dictionary(
      uniqueKeysWithValues: zip(keys, plans).compactMap { key, plan in plan.map { (key, $0) } })
    let compile = { (units: [Unit]) in
      try await units.concurrentMap(jobs: jobs) { unit in
        try await self.compile(unit, of: pages, parsed: parsed, jobs: frontendJobs)
      }
    }
    note("planning frontend jobs")
    var results = try await compile(units)
    // Sessions a batch could not hold, each compiled as its script.
    let asScripts = results.flatMap(\.asScripts).map(script)
    results += try await compile(asScripts)
    // One compile per compile-fail scenario so far: each is all it has settled.
    var invocations = settled.map(\.count).reduce(0, +)
    var linkable: [Unit] = []
    for result in results {
      for (page, outcomes) in result.settled { settled[page].merge(outcomes) { $1 } }
      invocations += result.invocations
      if let object = result.object { linkable.append(object) }
    }
    note("compiling \(units.count) units, then \(asScripts.count) sessions a batch could not hold")
    let prebuilt = try await dispatcher.map { (sessions: everyProgram, object: $0) }
    let (harness, linked, links) = try await link(
      linkable, of: pages, settling: &settled, dispatcher: prebuilt, plan: linkPlan, compile: compile)
    note("linking")
    let programs = linked.flatMap(\.programs).sorted { $0.run.number < $1.run.number }
    return Product(
      harness: harness,
      pages: pages.indices.map { p in
        BuiltPage(page: pages[p], runs: programs.filter { $0.page == p }.map(\.run), settled: settled[p])
      },
      compilerInvocations: invocations + links + (everyProgram.isEmpty ? 0 : 1))
  }

  struct FrontendJobKey: Hashable {
    var version: SwiftVersion
    var batch: Bool
  }

  /// Each compile-fail scenario, compiled as its own script after its session's
  /// state, `jobs` at a time: its outcome, by page and scenario index.
  private func judgeCompileFails(_ pages: [PageScenarios], parsed: ParsedCode) async throws -> [[Int: ScenarioOutcome]]
  {
    var settled: [[Int: ScenarioOutcome]] = Array(repeating: [:], count: pages.count)
    let compileFails = pages.enumerated().flatMap { number, page in
      page.scenarios.filter { !$0.mode.compiledWithPage }.map { (number, $0) }
    }
    let (folder, compiler, library) = (self.folder, self.compiler, self.library)
    let judged = try await compileFails.concurrentMap(jobs: jobs) { number, scenario in
      let page = pages[number]
      let source = try HarnessGenerator.writeMain(
        HarnessGenerator.ownScript(for: scenario, in: page, library: library, code: parsed[number]),
        in: folder.appendingPathComponent("compile-fail-\(number)-\(scenario.index)"))
      let errors = try await compiler.diagnose(source, version: page.session(of: scenario).swiftVersion, in: folder)
      let lines = errors.map { $0.text.replacingOccurrences(of: page.displayPath + ":", with: page.path + ":") }
      return ScenarioOutcome.compiled(errors: Self.own(lines, of: scenario, in: errors))
    }
    for ((number, scenario), outcome) in zip(compileFails, judged) { settled[number][scenario.index] = outcome }
    return settled
  }

  /// The dispatcher of `sessions`, compiled; nil when there are none, or when it
  /// does not compile (the link then compiles it again, and says why).
  private func compileDispatcher(sessions: [Int]) async throws -> URL? {
    guard !sessions.isEmpty else { return nil }
    let directory = folder.appendingPathComponent("dispatcher")
    let object = folder.appendingPathComponent("dispatcher.o")
    let source = try HarnessGenerator.writeMain(HarnessGenerator.dispatcherFile(sessions: sessions), in: directory)
    return try await compiler.compileDispatcher(source, object: object, in: folder) == nil ? object : nil
  }

  /// The programs to build, numbered in order: per page, each session's script
  /// (when it has scenarios to run) and then one per `expect=trap` scenario.
  private func programs(_ pages: [PageScenarios]) -> [Program] {
    var programs: [Program] = []
    for (p, page) in pages.enumerated() {
      for (s, session) in page.sessions.enumerated() {
        let members = page.scenarios(of: session).filter(\.mode.compiledWithPage)
        let own = members.filter { $0.mode != .expectTrap }.map(\.index)
        func add(trap: Int?, scenarios: [Int]) {
          programs.append(
            Program(
              page: p, session: s, trap: trap, run: HarnessRun(number: programs.count, scenarios: scenarios),
              version: session.swiftVersion))
        }
        if !own.isEmpty { add(trap: nil, scenarios: own) }
        for trap in members where trap.mode == .expectTrap { add(trap: trap.index, scenarios: [trap.index]) }
      }
    }
    return programs
  }

  /// A program compiled as its own script.
  func script(_ program: Program) -> Unit {
    Unit(
      programs: [program], isBatch: false, object: folder.appendingPathComponent("session-\(program.run.number).o"))
  }

  private func compile(_ unit: Unit, of pages: [PageScenarios], parsed: ParsedCode, jobs: [FrontendJobKey: FrontendJob])
    async throws -> Compiled
  {
    let program = unit.programs[0]
    let job = jobs[FrontendJobKey(version: program.version, batch: unit.isBatch)]
    if unit.isBatch { return try await compileBatch(unit, of: pages, parsed: parsed, job: job) }
    let (settled, compiles, invocations) = try await compileScript(
      program, object: unit.object, of: pages[program.page], parsed: parsed[program.page], job: job)
    return Compiled(settled: [program.page: settled], object: compiles ? unit : nil, invocations: invocations)
  }

  /// Compiles one program. In a session's script, scenarios the compiler's errors
  /// name are settled as compile errors and left out, and the script is compiled
  /// again without them, as a REPL goes on after an input it rejects: the rest of
  /// the session still runs. A scenario that then fails because it used what was
  /// left out says so. A trap scenario's program is compiled once.
  private func compileScript(
    _ program: Program, object: URL, of page: PageScenarios, parsed: [Int: TopLevelCode], job: FrontendJob?
  ) async throws -> (settled: [Int: ScenarioOutcome], compiles: Bool, invocations: Int) {
    var page = page
    var session = page.sessions[program.session]
    let trapScenario = program.trap.flatMap(page.scenario)
    let source = try HarnessGenerator.writeMain(
      trapScenario.map { HarnessGenerator.ownScript(for: $0, in: page, library: library, code: parsed) }
        ?? HarnessGenerator.sessionFile(page, session, library: library, code: parsed),
      in: folder.appendingPathComponent("session-\(program.run.number)"))
    var settled: [Int: ScenarioOutcome] = [:]
    var invocations = 0
    /// The last scenario left out for not compiling.
    var leftOut: Scenario?
    while true {
      invocations += 1
      guard
        let errors = try await compiler.compileObject(
          source, module: HarnessGenerator.moduleName(program.run.number),
          entry: HarnessGenerator.entryPoint(program.run.number), version: program.version, object: object, job: job,
          in: folder)
      else { return (settled, true, invocations) }
      if let trap = program.trap {
        let outcomes = Self.attribute(errors, to: session, of: page, including: trap)
        return (
          [trap: outcomes[trap] ?? .notRun(reason: "its session's earlier scenarios do not compile")], false,
          invocations
        )
      }
      let outcomes = Self.attribute(errors, to: session, of: page)
      var broken = outcomes.filter { if case .compileError = $0.value { true } else { false } }
      guard !broken.isEmpty, retriesWithoutBrokenScenarios else {
        return (settled.merging(outcomes) { $1 }, false, invocations)
      }
      if let earlier = leftOut {
        broken = broken.mapValues {
          $0.noting(
            "scenario \(earlier.displayName) earlier in this session does not compile and was left out; this error may follow from it"
          )
        }
      }
      settled.merge(broken) { $1 }
      leftOut = page.scenarios.last { broken[$0.index] != nil }
      page = page.keeping { broken[$0.index] == nil }
      guard let rest = page.sessions.first(where: { $0.name == session.name }),
        !HarnessGenerator.sessionMembers(page, rest).isEmpty
      else { return (settled, false, invocations) }
      session = rest
      try HarnessGenerator.sessionFile(page, session, library: library, code: parsed)
        .write(to: source, atomically: true, encoding: .utf8)
    }
  }

  /// A compile-fail scenario's own errors: those on its lines. The blocks before it
  /// compile in their session, so an error elsewhere is unexpected; then all are kept.
  private static func own(_ lines: [String], of scenario: Scenario, in errors: [CompilerDiagnostic]) -> [String] {
    let range = scenario.block.startLine...scenario.block.endLine
    let mine = zip(lines, errors).filter { range.contains($0.1.line) }.map(\.0)
    return mine.isEmpty ? lines : mine
  }

  /// Assigns each compiler error of a session to the scenario whose lines hold it
  /// (its compiled scenarios, and `trap` when its program is the one compiled).
  /// Errors that name no line of the page (a broken toolchain, a missing library)
  /// stop every scenario of the session, with all of them shown.
  static func attribute(
    _ errors: [CompilerDiagnostic], to session: Session, of page: PageScenarios, including trap: Int? = nil
  ) -> [Int: ScenarioOutcome] {
    let runnable = page.scenarios(of: session).filter {
      $0.mode.compiledWithPage && ($0.mode != .expectTrap || $0.index == trap)
    }
    let onPage = errors.filter { $0.file == page.displayPath }
    guard !onPage.isEmpty else {
      let reason = CompilerDiagnostic.noneToBlame(
        errors, harness: "\(session.displayName) of \(page.displayPath)", blamed: "scenario")
      return Dictionary(uniqueKeysWithValues: runnable.map { ($0.index, .notRun(reason: reason)) })
    }
    var perScenario: [Int: [CompilerDiagnostic]] = [:]
    for error in onPage {
      let owner = scenario(owning: error, among: runnable) ?? runnable[0]
      perScenario[owner.index, default: []].append(error)
    }
    return Dictionary(
      uniqueKeysWithValues: runnable.map {
        ($0.index, perScenario[$0.index].map { .compileError($0) } ?? .notRun(reason: "its session does not compile"))
      })
  }

  /// The position in `page.sessions` of the session whose scenario holds the
  /// error's line, if it names the page.
  static func owner(of error: CompilerDiagnostic, in page: PageScenarios) -> Int? {
    guard error.file == page.displayPath,
      let owner = scenario(owning: error, among: page.scenarios.filter(\.mode.compiledWithPage))
    else { return nil }
    return page.sessions.firstIndex { $0.scenarios.contains(owner.index) }
  }

  /// The scenario a compiler error's line falls in: the last that starts at or before it.
  static func scenario(owning error: CompilerDiagnostic, among scenarios: [Scenario]) -> Scenario? {
    scenarios.last { $0.block.startLine <= error.line }
  }
}

/// One program of the harness, run in a process of its own: its number (the
/// harness's argument), and the scenarios whose outcomes it reports.
struct HarnessRun: Sendable, Hashable {
  var number: Int
  var scenarios: [Int]
}

extension ScenarioOutcome {
  /// A compile error with a note under its first error.
  func noting(_ note: String) -> ScenarioOutcome {
    guard case .compileError(var errors) = self, !errors.isEmpty else { return self }
    errors[0].context.append("note: \(note)")
    return .compileError(errors)
  }
}
