import Foundation

/// Compiles the pages that need running into one harness executable: each
/// session's script into an object of its own module, `jobs` at a time, then one
/// link; and compiles their `compile-fail` scenarios alongside.
///
/// A session that does not compile gets the compiler's errors and is left out of
/// the link, so one broken session never stops the others from running.
struct HarnessBuild {
  var compiler: Compiler
  var folder: URL
  var jobs: Int
  /// The library the sessions import.
  var library = DocumentedLibrary.module

  struct Product {
    var harness: URL?
    /// The pages given, in their order.
    var pages: [BuiltPage]
    var compilerInvocations: Int
  }

  /// A page as the build left it.
  struct BuiltPage {
    var page: PageScenarios
    /// Each session's number in the harness (by position in `page.sessions`), nil
    /// when it did not compile into it.
    var sessionNumbers: [Int?]
    /// Outcomes settled at compile time (compile errors, compile-fail results),
    /// by scenario index.
    var settled: [Int: ScenarioOutcome]
  }

  /// One session to compile: where it is, and its number in the harness.
  private struct Unit: Sendable {
    var page: Int
    var session: Int
    var number: Int
    var source: URL
    var object: URL
    var version: SwiftVersion
  }

  /// `sources[p][s]` is page `p`'s session `s`'s script (`HarnessGenerator.sessionFile`).
  func build(_ pages: [PageScenarios], sources: [[String]]) async throws -> Product {
    var settled: [[Int: ScenarioOutcome]] = Array(repeating: [:], count: pages.count)
    var numbers: [[Int?]] = pages.map { Array(repeating: nil, count: $0.sessions.count) }

    // compile-fail scenarios, each compiled as its own script after its session's state.
    let compileFails = pages.enumerated().flatMap { number, page in
      page.scenarios.filter { !$0.mode.compiledWithPage }.map { (number, $0) }
    }
    let folder = self.folder
    let compiler = self.compiler
    let library = self.library
    let judged = try await compileFails.concurrentMap(jobs: jobs) { number, scenario in
      let page = pages[number]
      let directory = folder.appendingPathComponent("compile-fail-\(number)-\(scenario.index)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let source = directory.appendingPathComponent("main.swift")
      try HarnessGenerator.compileFailFile(scenario, in: page, library: library)
        .write(to: source, atomically: true, encoding: .utf8)
      let errors = try await compiler.diagnose(source, version: page.session(of: scenario).swiftVersion, in: folder)
      let lines = errors.map { $0.text.replacingOccurrences(of: page.displayPath + ":", with: page.path + ":") }
      return ScenarioOutcome.compiled(errors: Self.own(lines, of: scenario, in: errors))
    }
    for ((number, scenario), outcome) in zip(compileFails, judged) { settled[number][scenario.index] = outcome }

    // Sessions: the scripts of those with something to run.
    var units: [Unit] = []
    for (p, page) in pages.enumerated() {
      for (s, session) in page.sessions.enumerated()
      where page.scenarios(of: session).contains(where: \.mode.compiledWithPage) {
        let number = units.count
        units.append(
          Unit(
            page: p, session: s, number: number, source: URL(fileURLWithPath: "/"),
            object: folder.appendingPathComponent("session-\(number).o"), version: session.swiftVersion))
      }
    }
    let written = try HarnessGenerator.writeSessions(units.map { ($0.number, sources[$0.page][$0.session]) }, in: folder)
    for index in units.indices { units[index].source = written[index] }
    let compiled = try await units.concurrentMap(jobs: jobs) { unit in
      try await Self.compile(unit, of: pages[unit.page], compiler: compiler, library: library, in: folder)
    }
    var linked: [Unit] = []
    var invocations = compileFails.count
    for (unit, result) in zip(units, compiled) {
      settled[unit.page].merge(result.settled) { $1 }
      invocations += result.invocations
      if result.compiles { linked.append(unit) }
    }
    // One link; a session the linker blames (an undefined symbol at its line) is
    // left out and the rest linked again.
    let executable = folder.appendingPathComponent("harness")
    while !linked.isEmpty {
      let main = try HarnessGenerator.writeDispatcher(sessions: linked.map(\.number), in: folder)
      invocations += 1
      guard
        let errors = try await compiler.link(
          main: main, objects: linked.map(\.object), output: executable, in: folder)
      else {
        for unit in linked { numbers[unit.page][unit.session] = unit.number }
        return Product(harness: executable, pages: built(pages, numbers, settled), compilerInvocations: invocations)
      }
      let blamed = linked.filter { unit in
        let page = pages[unit.page]
        return errors.contains { Self.session(owning: $0, in: page) == unit.session }
      }
      guard !blamed.isEmpty else {
        let reason = CompilerDiagnostic.noneToBlame(errors, harness: "the harness", blamed: "session")
        for unit in linked {
          let page = pages[unit.page]
          for scenario in page.scenarios(of: page.sessions[unit.session]) where scenario.mode.compiledWithPage {
            settled[unit.page][scenario.index] = .notRun(reason: reason)
          }
        }
        break
      }
      for unit in blamed {
        let page = pages[unit.page]
        let own = errors.filter { Self.session(owning: $0, in: page) == unit.session }
        settled[unit.page].merge(Self.attribute(own, to: page.sessions[unit.session], of: page)) { $1 }
      }
      linked.removeAll { unit in blamed.contains { $0.number == unit.number } }
    }
    return Product(harness: nil, pages: built(pages, numbers, settled), compilerInvocations: invocations)
  }

  /// The position in `page.sessions` of the session whose scenario holds the
  /// error's line, if it names the page.
  private static func session(owning error: CompilerDiagnostic, in page: PageScenarios) -> Int? {
    guard error.file == page.displayPath,
      let owner = scenario(owning: error, among: page.scenarios.filter(\.mode.compiledWithPage))
    else { return nil }
    return page.sessions.firstIndex { $0.scenarios.contains(owner.index) }
  }

  /// Compiles one session. Scenarios the compiler's errors name are settled as
  /// compile errors and left out, and the session is compiled again without them,
  /// as a REPL goes on after an input it rejects: the rest of the session still
  /// runs. A scenario that then fails because it used what was left out says so.
  private static func compile(
    _ unit: Unit, of page: PageScenarios, compiler: Compiler, library: String, in folder: URL
  ) async throws -> (settled: [Int: ScenarioOutcome], compiles: Bool, invocations: Int) {
    var page = page
    var session = page.sessions[unit.session]
    var settled: [Int: ScenarioOutcome] = [:]
    var invocations = 0
    var leftOut: [Scenario] = []
    while true {
      invocations += 1
      guard
        let errors = try await compiler.compileSession(
          unit.source, number: unit.number, version: unit.version, object: unit.object, in: folder)
      else { return (settled, true, invocations) }
      let outcomes = attribute(errors, to: session, of: page)
      var broken = outcomes.filter { if case .compileError = $0.value { true } else { false } }
      guard !broken.isEmpty else { return (settled.merging(outcomes) { $1 }, false, invocations) }
      if let earlier = leftOut.last {
        broken = broken.mapValues { outcome in
          guard case .compileError(var errors) = outcome else { return outcome }
          errors[0].context.append(
            "note: scenario \(earlier.displayName) earlier in this session does not compile and was left out; this error may follow from it"
          )
          return .compileError(errors)
        }
      }
      settled.merge(broken) { $1 }
      leftOut += page.scenarios.filter { broken[$0.index] != nil }
      page = page.keeping { broken[$0.index] == nil }
      guard let rest = page.sessions.first(where: { $0.name == session.name }),
        page.scenarios(of: rest).contains(where: \.mode.compiledWithPage)
      else { return (settled, false, invocations) }
      session = rest
      try HarnessGenerator.sessionFile(page, session, library: library)
        .write(to: unit.source, atomically: true, encoding: .utf8)
    }
  }

  private func built(_ pages: [PageScenarios], _ numbers: [[Int?]], _ settled: [[Int: ScenarioOutcome]])
    -> [BuiltPage]
  {
    pages.indices.map { BuiltPage(page: pages[$0], sessionNumbers: numbers[$0], settled: settled[$0]) }
  }

  /// A compile-fail scenario's own errors: those on its lines. The blocks before it
  /// compile in their session, so an error elsewhere is unexpected; then all are kept.
  private static func own(_ lines: [String], of scenario: Scenario, in errors: [CompilerDiagnostic]) -> [String] {
    let range = scenario.block.startLine...scenario.block.endLine
    let mine = zip(lines, errors).filter { range.contains($0.1.line) }.map(\.0)
    return mine.isEmpty ? lines : mine
  }

  /// Assigns each compiler error of a session to the scenario whose lines hold it.
  /// Errors that name no line of the page (a broken toolchain, a missing library)
  /// stop every scenario of the session, with all of them shown.
  static func attribute(_ errors: [CompilerDiagnostic], to session: Session, of page: PageScenarios)
    -> [Int: ScenarioOutcome]
  {
    let runnable = page.scenarios(of: session).filter(\.mode.compiledWithPage)
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

  /// The scenario a compiler error's line falls in: the last that starts at or before it.
  static func scenario(owning error: CompilerDiagnostic, among scenarios: [Scenario]) -> Scenario? {
    scenarios.last { $0.block.startLine <= error.line }
  }
}
