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
    let failures = try await units.concurrentMap(jobs: jobs) { unit in
      try await compiler.compileSession(
        unit.source, number: unit.number, version: unit.version, object: unit.object, in: folder)
    }
    var linked: [Unit] = []
    for (unit, errors) in zip(units, failures) {
      guard let errors else {
        linked.append(unit)
        continue
      }
      let page = pages[unit.page]
      settled[unit.page].merge(Self.attribute(errors, to: page.sessions[unit.session], of: page)) { $1 }
    }
    var invocations = compileFails.count + units.count
    guard !linked.isEmpty else {
      return Product(harness: nil, pages: built(pages, numbers, settled), compilerInvocations: invocations)
    }

    let executable = folder.appendingPathComponent("harness")
    let main = try HarnessGenerator.writeDispatcher(sessions: linked.map(\.number), in: folder)
    invocations += 1
    if let errors = try await compiler.link(main: main, objects: linked.map(\.object), output: executable, in: folder) {
      let reason = CompilerDiagnostic.noneToBlame(errors, harness: "the harness", blamed: "session")
      for unit in linked {
        let page = pages[unit.page]
        for scenario in page.scenarios(of: page.sessions[unit.session]) where scenario.mode.compiledWithPage {
          settled[unit.page][scenario.index] = .notRun(reason: reason)
        }
      }
      return Product(harness: nil, pages: built(pages, numbers, settled), compilerInvocations: invocations)
    }
    for unit in linked { numbers[unit.page][unit.session] = unit.number }
    return Product(harness: executable, pages: built(pages, numbers, settled), compilerInvocations: invocations)
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
