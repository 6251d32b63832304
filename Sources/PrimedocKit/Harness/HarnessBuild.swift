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

  /// One program to compile: a session, or a trap scenario with its session's state.
  private struct Unit: Sendable {
    var page: Int
    var session: Int
    /// The `expect=trap` scenario it runs, by index; nil for the session's own script.
    var trap: Int?
    var run: HarnessRun
    var object: URL
    var version: SwiftVersion
  }

  func build(_ pages: [PageScenarios]) async throws -> Product {
    var settled = try await judgeCompileFails(pages)
    let units = self.units(pages)
    let (folder, compiler, library, retries) = (self.folder, self.compiler, self.library, retriesWithoutBrokenScenarios)
    var frontendJobs: [SwiftVersion: FrontendJob] = [:]
    for version in Set(units.map(\.version)) {
      frontendJobs[version] = try await compiler.frontendJob(version: version, in: folder)
    }
    let compiled = try await units.concurrentMap(jobs: jobs) { [frontendJobs] unit in
      try await Self.compile(
        unit, of: pages[unit.page], compiler: compiler, job: frontendJobs[unit.version], library: library,
        retries: retries, in: folder)
    }
    var linkable: [Unit] = []
    // One compile per compile-fail scenario so far: each is all it has settled.
    var invocations = settled.map(\.count).reduce(0, +)
    for (unit, result) in zip(units, compiled) {
      settled[unit.page].merge(result.settled) { $1 }
      invocations += result.invocations
      if result.compiles { linkable.append(unit) }
    }
    let (harness, linked, links) = try await link(linkable, of: pages, settling: &settled)
    return Product(
      harness: harness,
      pages: pages.indices.map { p in
        BuiltPage(page: pages[p], runs: linked.filter { $0.page == p }.map(\.run), settled: settled[p])
      },
      compilerInvocations: invocations + links)
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

  /// Links the programs that compiled into one harness. A program the linker
  /// blames (an undefined symbol at its line) is settled with the errors, left out,
  /// and the rest linked again; errors that blame none stop them all. Returns the
  /// harness (nil when none links), the programs in it and the links tried.
  private func link(_ units: [Unit], of pages: [PageScenarios], settling settled: inout [[Int: ScenarioOutcome]])
    async throws -> (harness: URL?, linked: [Unit], links: Int)
  {
    var linked = units
    var links = 0
    let executable = folder.appendingPathComponent("harness")
    while !linked.isEmpty {
      let main = try HarnessGenerator.writeDispatcher(sessions: linked.map(\.run.number), in: folder)
      links += 1
      guard
        let errors = try await compiler.link(main: main, objects: linked.map(\.object), output: executable, in: folder)
      else { return (executable, linked, links) }
      let blamed = linked.filter { unit in errors.contains { Self.owner(of: $0, in: pages[unit.page]) == unit.session }
      }
      guard !blamed.isEmpty else {
        let reason = CompilerDiagnostic.noneToBlame(errors, harness: "the harness", blamed: "session")
        for unit in linked {
          for index in unit.run.scenarios { settled[unit.page][index] = .notRun(reason: reason) }
        }
        break
      }
      for unit in blamed {
        let page = pages[unit.page]
        let own = errors.filter { Self.owner(of: $0, in: page) == unit.session }
        settled[unit.page].merge(Self.attribute(own, to: page.sessions[unit.session], of: page)) { $1 }
      }
      linked.removeAll { unit in blamed.contains { $0.run.number == unit.run.number } }
    }
    return (nil, [], links)
  }

  /// The programs to compile, numbered in order: per page, each session's script
  /// (when it has scenarios to run) and then one per `expect=trap` scenario.
  private func units(_ pages: [PageScenarios]) -> [Unit] {
    var units: [Unit] = []
    for (p, page) in pages.enumerated() {
      for (s, session) in page.sessions.enumerated() {
        let members = page.scenarios(of: session).filter(\.mode.compiledWithPage)
        let own = members.filter { $0.mode != .expectTrap }.map(\.index)
        func add(trap: Int?, scenarios: [Int]) {
          let number = units.count
          units.append(
            Unit(
              page: p, session: s, trap: trap, run: HarnessRun(number: number, scenarios: scenarios),
              object: folder.appendingPathComponent("session-\(number).o"), version: session.swiftVersion))
        }
        if !own.isEmpty { add(trap: nil, scenarios: own) }
        for trap in members where trap.mode == .expectTrap { add(trap: trap.index, scenarios: [trap.index]) }
      }
    }
    return units
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
    _ unit: Unit, of page: PageScenarios, compiler: Compiler, job: FrontendJob?, library: String, retries: Bool,
    in folder: URL
  ) async throws -> (settled: [Int: ScenarioOutcome], compiles: Bool, invocations: Int) {
    var page = page
    var session = page.sessions[unit.session]
    let trapScenario = unit.trap.flatMap(page.scenario)
    let source = try HarnessGenerator.writeSession(
      unit.run.number,
      trapScenario.map { HarnessGenerator.ownScript(for: $0, in: page, library: library) }
        ?? HarnessGenerator.sessionFile(page, session, library: library),
      in: folder)
    var settled: [Int: ScenarioOutcome] = [:]
    var invocations = 0
    var leftOut: [Scenario] = []
    while true {
      invocations += 1
      guard
        let errors = try await compiler.compileSession(
          source, number: unit.run.number, version: unit.version, object: unit.object, job: job, in: folder)
      else { return (settled, true, invocations) }
      if let trap = unit.trap {
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
      try HarnessGenerator.sessionFile(page, session, library: library)
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
