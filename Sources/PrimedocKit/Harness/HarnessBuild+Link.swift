import Foundation

extension HarnessBuild {
  /// Links the objects that compiled into one harness. A program the linker
  /// blames (an undefined symbol at its line) is settled with the errors, left out,
  /// and the rest linked again; a batch that holds one leaves the link, and its
  /// other sessions are compiled as scripts (`compile`) and join it. Errors that
  /// blame none stop them all. Returns the harness (nil when none links), the
  /// objects in it and the compiler invocations it took.
  func link(
    _ units: [Unit], of pages: [PageScenarios], settling settled: inout [[Int: ScenarioOutcome]],
    dispatcher: (sessions: [Int], object: URL)?, plan: LinkPlan?, compile: ([Unit]) async throws -> [Compiled]
  ) async throws -> (harness: URL?, linked: [Unit], invocations: Int) {
    var linked = units
    var invocations = 0
    let executable = folder.appendingPathComponent("harness")
    while !linked.isEmpty {
      let sessions = linked.flatMap(\.programs).map(\.run.number).sorted()
      let main =
        if let dispatcher, dispatcher.sessions == sessions {
          dispatcher.object
        } else {
          try HarnessGenerator.writeMain(HarnessGenerator.dispatcherFile(sessions: sessions), in: folder)
        }
      invocations += 1
      guard
        let errors = try await compiler.link(
          main: main, objects: linked.map(\.object), output: executable, plan: plan, in: folder)
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
}
