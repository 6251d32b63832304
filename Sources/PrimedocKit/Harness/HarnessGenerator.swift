import Foundation

/// Writes the Swift source of the harness: a `main.swift` per session that needs
/// one, compiled as a module of its own with its entry point renamed; batches of
/// sessions that mean the same as function bodies (`batchFile`); and a dispatcher
/// that runs one session per process. Every scenario's output is framed with
/// nonce-carrying markers.
///
/// A session is a script: its scenarios are pasted at the top level of its
/// `main.swift`, so whatever Swift allows there (extensions, operators, access
/// modifiers, top-level `await`) works, and isolation and concurrency are those of
/// a script, not of a wrapper; a batch holds only code for which a function body
/// is the same (`TopLevelCode.fitsFunctionBody`). Each scenario's code follows a `#sourceLocation`
/// naming its Markdown file and line, so compiler errors and runtime traps point at
/// the line the author wrote (RECIPES.md, d).
enum HarnessGenerator {
  /// Everything the scripts of a page are made from, as text: what a page's cache
  /// key hashes in place of the scripts themselves, so a check that finds every
  /// page in the cache parses no scenario (finding the names a scenario declares
  /// again, for `nested`, takes a Swift parse: 1.2 s for 1,000 scenarios in a
  /// debug build, measured). A change to how scripts are made from these must bump
  /// `ResultCache.formatVersion`.
  static func inputs(of page: PageScenarios) -> String {
    var text = "\(page.displayPath)\u{0}\(page.importsLibrary)\u{0}"
    for session in page.sessions {
      text += "session \(session.name ?? "")\u{0}\(session.swiftVersion.rawValue)\u{0}"
      for scenario in page.scenarios(of: session) {
        text +=
          "\(scenario.index) \(scenario.mode.rawValue) \(scenario.attributes.trace) \(scenario.firstCodeLine)\u{0}"
          + "\(scenario.code)\u{0}"
      }
    }
    return text
  }

  /// The `main.swift` of one session. The same session yields the same text (and
  /// cache key) wherever it sits in the book: nothing in it names its position.
  /// `code` holds its scenarios' parses where the caller has them.
  static func sessionFile(
    _ page: PageScenarios, _ session: Session, library: String = DocumentedLibrary.module,
    code: [Int: TopLevelCode] = [:]
  ) -> String {
    let members = sessionMembers(page, session)
    return header(version: session.swiftVersion, library: imported(library, by: page), imports: imports(of: members))
      + sessionBody(page, members, code: code) + "__primedoc.done()\n"
  }

  /// The scenarios a session's script holds: those it compiles and runs itself.
  static func sessionMembers(_ page: PageScenarios, _ session: Session) -> [Scenario] {
    page.scenarios(of: session).filter { !$0.mode.hasOwnScript }
  }

  private static func sessionBody(_ page: PageScenarios, _ members: [Scenario], code: [Int: TopLevelCode]) -> String {
    nested(members, parsed: code) { scenarioCode($0, file: page.displayPath) }
  }

  /// One session of a batch: the number of its program, and where it is.
  struct BatchedSession: Sendable {
    var number: Int
    var page: PageScenarios
    var session: Session
  }

  /// A batch: sessions whose code means the same in a function body
  /// (`TopLevelCode.fitsFunctionBody`), each the body of a function, in one file
  /// compiled as one library module. All share a language mode and the library
  /// import, and none imports anything of its own. Each function is reached by
  /// the symbol its script's entry point would have, so the dispatcher calls
  /// either alike. An error nothing caught ends the process as a script's does,
  /// with the runtime's words. In Swift 6 a script's top level is the main
  /// actor's; so is the body. A body ends the process when it is done: what it
  /// declared is then never released, as a script's globals never are, so no
  /// `deinit` of the library runs where a script's would not.
  static func batchFile(
    _ sessions: [BatchedSession], version: SwiftVersion, library: String, code: [Int: [Int: TopLevelCode]]
  ) -> String {
    var out = header(version: version, library: sessions.first.flatMap { imported(library, by: $0.page) }, imports: [])
    let isolated = version == .v6
    for batched in sessions {
      let (entry, body) = (entryPoint(batched.number), "__primedoc_body_\(batched.number)")
      let call = isolated ? "try MainActor.assumeIsolated { try \(body)() }" : "try \(body)()"
      out += """

        @_silgen_name("\(entry)")
        public func \(entry)(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
          do { \(call) } catch { __primedoc.raisedAtTopLevel(error) }
          return 0
        }

        \(isolated ? "@MainActor " : "")private func \(body)() throws {

        """
      out += sessionBody(batched.page, sessionMembers(batched.page, batched.session), code: code[batched.number] ?? [:])
      out += "__primedoc.finish()\n}\n"
    }
    return out
  }

  /// The first lines of a script: its language mode (a comment, for whoever reads
  /// the generated file; the compile passes it) and its imports.
  private static func header(version: SwiftVersion, library: String?, imports: [String]) -> String {
    "// swift-version \(version.rawValue)\nimport PrimedocHarness\n" + (library.map { "import \($0)\n" } ?? "")
      + imports.map { $0 + "\n" }.joined()
  }

  /// The scenarios' code in order. A scenario whose state carries on but that
  /// declares a name again opens a scope that lasts to the end of the session, so
  /// its declaration shadows the earlier one and the scenarios after it see it.
  private static func nested(
    _ scenarios: [Scenario], parsed: [Int: TopLevelCode] = [:], code: (Scenario) -> String
  ) -> String {
    var out = ""
    var depth = 0
    var inScope: Set<String> = []
    for scenario in scenarios {
      // A compile-fail or trap scenario is last in its file: it may shadow as well.
      if scenario.mode.carriesState || scenario.mode.hasOwnScript {
        let names = (parsed[scenario.index] ?? TopLevelCode(parsing: scenario.code)).declaredNames
        if !names.isDisjoint(with: inScope) {
          out += "do {\n"
          depth += 1
          inScope = []
        }
        inScope.formUnion(names)
      }
      out += code(scenario)
    }
    return out + String(repeating: "}\n", count: depth)
  }

  private static func scenarioCode(_ scenario: Scenario, file: String) -> String {
    let index = scenario.index
    let code = sourceLocated(scenario, file: file)
    let traced = scenario.attributes.trace ? "__primedoc.trace(\(index))\n" : ""
    switch scenario.mode {
    case .noRun:
      // Type-checked with the session's state in scope; never executed.
      return "__primedoc.skipped(\(index))\nif __primedoc.never {\n\(code)}\n"
    case .expectFailure:
      // Its own scope: like a task the kernel killed, what it declared is gone.
      return """
        __primedoc.begin(\(index))
        do {
        \(code)__primedoc.end(\(index))
        } catch {
        __primedoc.failed(\(index), error)
        }
        \(traced)
        """
    case .isolated:
      return "__primedoc.begin(\(index))\ndo {\n\(code)}\n__primedoc.end(\(index))\n\(traced)"
    case .shared, .compileFail, .expectTrap:
      return "__primedoc.begin(\(index))\n\(code)__primedoc.end(\(index))\n\(traced)"
    }
  }

  /// A scenario that is a script of its own (`Mode.hasOwnScript`): the blocks of
  /// its session whose state carries on, then itself, so it sees that state. A
  /// `compile-fail` scenario is only compiled. An `expect=trap` scenario runs:
  /// the blocks before it run again without markers (what they print comes before
  /// its first marker, so no scenario claims it), then it runs at the top level,
  /// as a script would. Not in a forked copy of its session's process: a fork
  /// would have to skip its code in the original, and only a nested scope can,
  /// which turns its globals into locals (and changes, for one, what the
  /// exclusivity checks catch).
  static func ownScript(
    for scenario: Scenario, in page: PageScenarios, library: String = DocumentedLibrary.module,
    code: [Int: TopLevelCode] = [:]
  ) -> String {
    let blocks = page.program(for: scenario).blocks
    let runs = scenario.mode.runs
    return header(
      version: page.session(of: scenario).swiftVersion, library: imported(library, by: page),
      imports: imports(of: blocks))
      + nested(blocks, parsed: code) {
        runs && $0.index == scenario.index
          ? scenarioCode($0, file: page.displayPath) : sourceLocated($0, file: page.displayPath)
      }
      + (runs ? "__primedoc.done()\n" : "")
  }

  /// The library a page's scripts import: `library`, unless the page says `library: none`.
  private static func imported(_ library: String, by page: PageScenarios) -> String? {
    page.importsLibrary ? library : nil
  }

  static func sourceLocated(_ scenario: Scenario, file: String) -> String {
    var code = hoistingImports(scenario.code).body
    if !code.isEmpty && !code.hasSuffix("\n") { code += "\n" }
    return "#sourceLocation(file: \(stringLiteral(file)), line: \(scenario.firstCodeLine))\n\(code)#sourceLocation()\n"
  }

  /// A scenario may start with `import` lines, as a script does; they move to the
  /// top of the generated file and leave empty lines behind, so line numbers hold.
  static func hoistingImports(_ code: String) -> (imports: [String], body: String) {
    var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var imports: [String] = []
    for index in lines.indices {
      let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("import ") || trimmed.hasPrefix("@preconcurrency import ") {
        imports.append(trimmed)
        lines[index] = ""
      } else if !trimmed.isEmpty && !trimmed.hasPrefix("//") {
        break
      }
    }
    return (imports, lines.joined(separator: "\n"))
  }

  /// The `import` lines the scenarios start with, each once.
  static func imports(of scenarios: [Scenario]) -> [String] {
    var seen: [String] = []
    for scenario in scenarios {
      for line in hoistingImports(scenario.code).imports where !seen.contains(line) { seen.append(line) }
    }
    return seen
  }

  /// The module a session is compiled into, and its renamed entry point.
  static func moduleName(_ number: Int) -> String { "Session\(number)" }
  static func entryPoint(_ number: Int) -> String { "__primedoc_session_\(number)" }

  /// Writes `source` as `folder/main.swift` (the name that makes it a script, and
  /// that a compiler error names: `session-N/main.swift`); returns the file.
  static func writeMain(_ source: String, in folder: URL) throws -> URL {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("main.swift")
    try source.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  /// The dispatcher: reads the session number and the nonce, then runs that
  /// session's script. The session prints the final marker itself: a script with
  /// top-level `await` ends the process when it finishes instead of returning.
  static func dispatcherFile(sessions numbers: [Int]) -> String {
    let declarations = numbers.map {
      "@_silgen_name(\"\(entryPoint($0))\")\nfunc \(entryPoint($0))(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32\n"
    }.joined()
    let cases = numbers.map {
      "case \($0): _ = \(entryPoint($0))(CommandLine.argc, CommandLine.unsafeArgv)"
    }.joined(separator: "\n")
    // The runtime (`__primedoc`: markers, nonce, error reports) is compiled once,
    // into its own module: compiling it into every harness cost time on every edit.
    return """
      import PrimedocHarness

      \(declarations)
      switch __primedoc.start(sessions: \((numbers.max() ?? -1) + 1)) {
      \(cases)
      default: break
      }

      """
  }

  static func stringLiteral(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": escaped += "\\\\"
      case "\"": escaped += "\\\""
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      default:
        if scalar.value < 0x20 {
          escaped += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          escaped.unicodeScalars.append(scalar)
        }
      }
    }
    return "\"\(escaped)\""
  }
}
