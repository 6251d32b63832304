import Foundation

extension HarnessBuild {
  /// The compiles: sessions that fit a function body (`TopLevelCode`) in batches,
  /// the rest as scripts. Sessions batch with those of the same language mode and
  /// library import, into at least one batch per job (so every core compiles),
  /// and more when there are many: a batch that fails to compile is compiled
  /// again without the sessions its errors name, and a small batch costs less to
  /// compile twice. Batches come first: they are the longest compiles.
  func plan(_ programs: [Program], of pages: [PageScenarios], parsed: ParsedCode) -> [Unit] {
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

  /// Compiles a batch. Sessions its errors name leave it, to be compiled as
  /// their scripts, where the error is reported as it is for any script (or is
  /// gone: the code meant something else in a function body); the rest are
  /// compiled again. Errors that name no session send them all to their scripts.
  func compileBatch(_ unit: Unit, of pages: [PageScenarios], parsed: ParsedCode, job: FrontendJob?)
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
        sessions, version: first.version, library: library, code: code
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
}
