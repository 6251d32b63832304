import Foundation

/// Compiles the pages that need running into one harness executable: each
/// program (a session's script, or an `expect=trap` scenario's) into an object of
/// its own module, `jobs` at a time, then one link; and compiles the
/// `compile-fail` scenarios alongside.
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

  struct Product {
    var harness: URL?
    /// The pages given, in their order.
    var pages: [BuiltPage]
    var compilerInvocations: Int
  }

  /// A page as the build left it.
  struct BuiltPage {
    var page: PageScenarios
    /// The programs of the page in the harness, in the order they run.
    var runs: [HarnessRun]
    /// Outcomes settled at compile time (compile errors, compile-fail results),
    /// by scenario index.
    var settled: [Int: ScenarioOutcome]
  }

  /// One program of the harness: a session, or a trap scenario with its
  /// session's state. It runs as the process `run.number`.
  private struct Program: Sendable {
    var page: Int
    var session: Int
    /// The `expect=trap` scenario it runs, by index; nil for the session's own script.
    var trap: Int?
    var run: HarnessRun
    var version: SwiftVersion
  }

  /// One compile: an object that holds one program (its script) or a batch of
  /// sessions, each a function body (`HarnessGenerator.batchFile`).
  private struct Unit: Sendable {
    var programs: [Program]
    var isBatch: Bool
    var object: URL
  }

  /// What compiling a unit settled: outcomes by page and scenario index, the
  /// object if it compiled, the programs of a batch that must be compiled as
  /// scripts instead, and the compiler invocations it took.
  private struct Compiled: Sendable {
    var settled: [Int: [Int: ScenarioOutcome]] = [:]
    var object: Unit?
    var asScripts: [Program] = []
    var invocations = 0
  }

  /// The scenarios' code parsed, by page and scenario index: what `nested`
  /// shadows and whether a session can join a batch.
  private typealias ParsedCode = [[Int: TopLevelCode]]

  func build(_ pages: [PageScenarios]) async throws -> Product {
    var settled = try await judgeCompileFails(pages)
    let parsed = try await pages.concurrentMap(jobs: jobs) { page in
      Dictionary(
        uniqueKeysWithValues: page.scenarios.filter { $0.mode.compiledWithPage && $0.mode != .expectTrap }.map {
          ($0.index, TopLevelCode(parsing: $0.code))
        })
    }
    let units = plan(programs(pages), of: pages, parsed: parsed)
    let (compiler, folder) = (self.compiler, self.folder)
    var frontendJobs: [FrontendJobKey: FrontendJob] = [:]
    for key in Set(units.map { FrontendJobKey(version: $0.programs[0].version, batch: $0.isBatch) })
      .union(units.map { FrontendJobKey(version: $0.programs[0].version, batch: false) })
    {
      frontendJobs[key] = try await compiler.frontendJob(version: key.version, batch: key.batch, in: folder)
    }
    let compile = { [frontendJobs] (units: [Unit]) in
      try await units.concurrentMap(jobs: jobs) { unit in
        try await self.compile(unit, of: pages, parsed: parsed, jobs: frontendJobs)
      }
    }
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
    let (harness, linked, links) = try await link(linkable, of: pages, settling: &settled, compile: compile)
    let programs = linked.flatMap(\.programs).sorted { $0.run.number < $1.run.number }
    return Product(
      harness: harness,
      pages: pages.indices.map { p in
        BuiltPage(page: pages[p], runs: programs.filter { $0.page == p }.map(\.run), settled: settled[p])
      },
      compilerInvocations: invocations + links)
  }

  private struct FrontendJobKey: Hashable {
    var version: SwiftVersion
    var batch: Bool
  }

  /// Each compile-fail scenario, compiled as its own script after its session's
  /// state, `jobs` at a time: its outcome, by page and scenario index.
  private func judgeCompileFails(_ pages: [PageScenarios]) async throws -> [[Int: ScenarioOutcome]] {
    var settled: [[Int: ScenarioOutcome]] = Array(repeating: [:], count: pages.count)
    let compileFails = pages.enumerated().flatMap { number, page in
      page.scenarios.filter { !$0.mode.compiledWithPage }.map { (number, $0) }
    }
    let (folder, compiler, library) = (self.folder, self.compiler, self.library)
    let judged = try await compileFails.concurrentMap(jobs: jobs) { number, scenario in
      let page = pages[number]
      let directory = folder.appendingPathComponent("compile-fail-\(number)-\(scenario.index)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let source = directory.appendingPathComponent("main.swift")
      try HarnessGenerator.ownScript(for: scenario, in: page, library: library)
        .write(to: source, atomically: true, encoding: .utf8)
      let errors = try await compiler.diagnose(source, version: page.session(of: scenario).swiftVersion, in: folder)
      let lines = errors.map { $0.text.replacingOccurrences(of: page.displayPath + ":", with: page.path + ":") }
      return ScenarioOutcome.compiled(errors: Self.own(lines, of: scenario, in: errors))
    }
    for ((number, scenario), outcome) in zip(compileFails, judged) { settled[number][scenario.index] = outcome }
    return settled
  }

  /// Links the objects that compiled into one harness. A program the linker
  /// blames (an undefined symbol at its line) is settled with the errors, left out,
  /// and the rest linked again; a batch that holds one leaves the link, and its
  /// other sessions are compiled as scripts (`compile`) and join it. Errors that
  /// blame none stop them all. Returns the harness (nil when none links), the
  /// objects in it and the compiler invocations it took.
  private func link(
    _ units: [Unit], of pages: [PageScenarios], settling settled: inout [[Int: ScenarioOutcome]],
    compile: ([Unit]) async throws -> [Compiled]
  ) async throws -> (harness: URL?, linked: [Unit], invocations: Int) {
    var linked = units
    var invocations = 0
    let executable = folder.appendingPathComponent("harness")
    while !linked.isEmpty {
      let main = try HarnessGenerator.writeDispatcher(
        sessions: linked.flatMap(\.programs).map(\.run.number), in: folder)
      invocations += 1
      guard
        let errors = try await compiler.link(main: main, objects: linked.map(\.object), output: executable, in: folder)
      else { return (executable, linked, invocations) }
      let blamed = Set(
        linked.flatMap(\.programs).filter { program in
          errors.contains { Self.owner(of: $0, in: pages[program.page]) == program.session }
        }.map(\.run.number))
      guard !blamed.isEmpty else {
        let reason = CompilerDiagnostic.noneToBlame(errors, harness: "the harness", blamed: "session")
        for program in linked.flatMap(\.programs) {
          for index in program.run.scenarios { settled[program.page][index] = .notRun(reason: reason) }
        }
        break
      }
      var rescued: [Program] = []
      for unit in linked where unit.programs.contains(where: { blamed.contains($0.run.number) }) {
        for program in unit.programs {
          guard blamed.contains(program.run.number) else {
            rescued.append(program)
            continue
          }
          let page = pages[program.page]
          let own = errors.filter { Self.owner(of: $0, in: page) == program.session }
          settled[program.page].merge(Self.attribute(own, to: page.sessions[program.session], of: page)) { $1 }
        }
      }
      linked.removeAll { unit in unit.programs.contains { blamed.contains($0.run.number) } }
      for result in try await compile(rescued.map(script)) {
        for (page, outcomes) in result.settled { settled[page].merge(outcomes) { $1 } }
        invocations += result.invocations
        if let object = result.object { linked.append(object) }
      }
    }
    return (nil, [], invocations)
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

  /// The compiles: sessions that fit a function body (`TopLevelCode`) in batches,
  /// the rest as scripts. Sessions batch with those of the same language mode and
  /// library import, into at least one batch per job (so every core compiles),
  /// and more when there are many: a batch that fails to compile is compiled
  /// again without the sessions its errors name, and a small batch costs less to
  /// compile twice. Batches come first: they are the longest compiles.
  private func plan(_ programs: [Program], of pages: [PageScenarios], parsed: ParsedCode) -> [Unit] {
    var groups: [BatchKey: [Program]] = [:]
    var order: [BatchKey] = []
    var scripts: [Unit] = []
    for program in programs {
      let page = pages[program.page]
      let members = HarnessGenerator.sessionMembers(page, page.sessions[program.session])
      guard program.trap == nil,
        members.allSatisfy({ parsed[program.page][$0.index]?.fitsFunctionBody(in: program.version) == true }),
        HarnessGenerator.imports(of: members).isEmpty
      else {
        scripts.append(script(program))
        continue
      }
      let key = BatchKey(version: program.version, importsLibrary: page.importsLibrary)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(program)
    }
    let batches = order.flatMap { key in
      balanced(groups[key] ?? [], of: pages).map { programs in
        Unit(
          programs: programs, isBatch: true,
          object: folder.appendingPathComponent("batch-\(programs[0].run.number).o"))
      }
    }
    return batches + scripts
  }

  private struct BatchKey: Hashable {
    var version: SwiftVersion
    var importsLibrary: Bool
  }

  /// Sessions a batch holds at most, unless a job would otherwise have none.
  static let sessionsPerBatch = 50

  /// `programs` in batches of about equal code, each in program order: a
  /// multiple of `jobs` of them, at most `sessionsPerBatch` sessions to one where
  /// that allows, the largest session placed first into the lightest batch.
  private func balanced(_ programs: [Program], of pages: [PageScenarios]) -> [[Program]] {
    let perJob = (programs.count + Self.sessionsPerBatch * jobs - 1) / (Self.sessionsPerBatch * jobs)
    let count = min(programs.count, max(1, jobs) * max(1, perJob))
    guard count > 1 else { return programs.isEmpty ? [] : [programs] }
    func size(_ program: Program) -> Int {
      let page = pages[program.page]
      return page.scenarios(of: page.sessions[program.session]).reduce(0) { $0 + $1.code.utf8.count }
    }
    var batches = Array(repeating: (size: 0, programs: [Program]()), count: count)
    for (program, size) in programs.map({ ($0, size($0)) }).sorted(by: { $0.1 > $1.1 }) {
      let lightest = batches.indices.min { batches[$0].size < batches[$1].size } ?? 0
      batches[lightest].size += size
      batches[lightest].programs.append(program)
    }
    return batches.map { $0.programs.sorted { $0.run.number < $1.run.number } }.filter { !$0.isEmpty }
  }

  /// A program compiled as its own script.
  private func script(_ program: Program) -> Unit {
    Unit(
      programs: [program], isBatch: false, object: folder.appendingPathComponent("session-\(program.run.number).o"))
  }

  private func compile(_ unit: Unit, of pages: [PageScenarios], parsed: ParsedCode, jobs: [FrontendJobKey: FrontendJob])
    async throws -> Compiled
  {
    let program = unit.programs[0]
    let job = jobs[FrontendJobKey(version: program.version, batch: unit.isBatch)]
    if unit.isBatch { return try await compileBatch(unit, of: pages, parsed: parsed, job: job) }
    let (settled, compiles, invocations) = try await Self.compile(
      program, object: unit.object, of: pages[program.page], parsed: parsed[program.page], compiler: compiler,
      job: job, library: library, retries: retriesWithoutBrokenScenarios, in: folder)
    return Compiled(settled: [program.page: settled], object: compiles ? unit : nil, invocations: invocations)
  }

  /// Compiles a batch. Sessions its errors name leave it, to be compiled as
  /// their scripts, where the error is reported as it is for any script (or is
  /// gone: the code meant something else in a function body); the rest are
  /// compiled again. Errors that name no session send them all to their scripts.
  private func compileBatch(_ unit: Unit, of pages: [PageScenarios], parsed: ParsedCode, job: FrontendJob?)
    async throws -> Compiled
  {
    var unit = unit
    var result = Compiled()
    let first = unit.programs[0]
    let directory = folder.appendingPathComponent("batch-\(first.run.number)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let source = directory.appendingPathComponent("sessions.swift")
    while !unit.programs.isEmpty {
      let sessions = unit.programs.map {
        HarnessGenerator.BatchedSession(
          number: $0.run.number, page: pages[$0.page], session: pages[$0.page].sessions[$0.session])
      }
      let code = Dictionary(uniqueKeysWithValues: unit.programs.map { ($0.run.number, parsed[$0.page]) })
      try HarnessGenerator.batchFile(
        sessions, version: first.version, library: pages[first.page].importsLibrary ? library : nil, code: code
      ).write(to: source, atomically: true, encoding: .utf8)
      result.invocations += 1
      guard
        let errors = try await compiler.compileObject(
          source, module: "Batch\(first.run.number)", entry: nil, version: first.version, object: unit.object,
          job: job, in: folder)
      else {
        result.object = unit
        return result
      }
      let blamed = unit.programs.filter { program in
        errors.contains { Self.owner(of: $0, in: pages[program.page]) == program.session }
      }
      let leaving = Set((blamed.isEmpty ? unit.programs : blamed).map(\.run.number))
      result.asScripts += unit.programs.filter { leaving.contains($0.run.number) }
      unit.programs.removeAll { leaving.contains($0.run.number) }
    }
    return result
  }

  /// Compiles one program. In a session's script, scenarios the compiler's errors
  /// name are settled as compile errors and left out, and the script is compiled
  /// again without them, as a REPL goes on after an input it rejects: the rest of
  /// the session still runs. A scenario that then fails because it used what was
  /// left out says so. A trap scenario's program is compiled once.
  ///
  /// The script is generated here, in the compile's task, so that finding the
  /// names each scenario declares (a Swift parse) overlaps other compiles.
  private static func compile(
    _ program: Program, object: URL, of page: PageScenarios, parsed: [Int: TopLevelCode], compiler: Compiler,
    job: FrontendJob?, library: String, retries: Bool, in folder: URL
  ) async throws -> (settled: [Int: ScenarioOutcome], compiles: Bool, invocations: Int) {
    var page = page
    var session = page.sessions[program.session]
    let trapScenario = program.trap.flatMap(page.scenario)
    let source = try HarnessGenerator.writeSession(
      program.run.number,
      trapScenario.map { HarnessGenerator.ownScript(for: $0, in: page, library: library) }
        ?? HarnessGenerator.sessionFile(page, session, library: library, code: parsed),
      in: folder)
    var settled: [Int: ScenarioOutcome] = [:]
    var invocations = 0
    var leftOut: [Scenario] = []
    while true {
      invocations += 1
      guard
        let errors = try await compiler.compileObject(
          source, module: HarnessGenerator.moduleName(program.run.number),
          entry: HarnessGenerator.entryPoint(program.run.number), version: program.version, object: object, job: job,
          in: folder)
      else { return (settled, true, invocations) }
      if let trap = program.trap {
        let outcomes = attribute(errors, to: session, of: page, including: trap)
        return (
          [trap: outcomes[trap] ?? .notRun(reason: "its session's earlier scenarios do not compile")], false,
          invocations
        )
      }
      let outcomes = attribute(errors, to: session, of: page)
      var broken = outcomes.filter { if case .compileError = $0.value { true } else { false } }
      guard !broken.isEmpty, retries else { return (settled.merging(outcomes) { $1 }, false, invocations) }
      if let earlier = leftOut.last {
        broken = broken.mapValues {
          $0.noting(
            "scenario \(earlier.displayName) earlier in this session does not compile and was left out; this error may follow from it"
          )
        }
      }
      settled.merge(broken) { $1 }
      leftOut += page.scenarios.filter { broken[$0.index] != nil }
      page = page.keeping { broken[$0.index] == nil }
      guard let rest = page.sessions.first(where: { $0.name == session.name }),
        page.scenarios(of: rest).contains(where: { $0.mode.compiledWithPage && $0.mode != .expectTrap })
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
  private static func owner(of error: CompilerDiagnostic, in page: PageScenarios) -> Int? {
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
