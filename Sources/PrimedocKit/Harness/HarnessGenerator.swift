import Foundation

/// Writes the Swift source of the harness: one function per page, the page's
/// scenarios in order in its body, and a `main.swift` that runs one page per
/// process and frames each scenario's output with nonce-carrying markers.
///
/// A scenario's code is pasted unindented after a `#sourceLocation` naming its
/// Markdown file and line, so compiler errors and runtime traps point at the line
/// the author wrote (RECIPES.md, d).
enum HarnessGenerator {
  /// The body of one page's function: everything but its name, so the same page
  /// yields the same text (and cache key) wherever it sits in the book.
  static func pageBody(_ page: PageScenarios) -> String {
    var out = imports(of: page).map { "// import: \($0)\n" }.joined()
    for scenario in page.scenarios where scenario.mode.compiledWithPage {
      out += scenarioCode(scenario, file: page.displayPath)
    }
    return out
  }

  private static func scenarioCode(_ scenario: Scenario, file: String) -> String {
    let traced = scenario.attributes.trace ? "    __primedoc.trace(\(scenario.index))\n" : ""
    return plainScenarioCode(scenario, file: file) + traced
  }

  private static func plainScenarioCode(_ scenario: Scenario, file: String) -> String {
    let index = scenario.index
    let code = sourceLocated(scenario, file: file)
    guard scenario.mode.runs else {
      // `no-run`: type-checked with the page's state in scope; never executed.
      return "    __primedoc.skipped(\(index))\n    if __primedoc.never {\n\(code)    }\n"
    }
    if scenario.mode == .expectFailure {
      // Its own scope: like a task the kernel killed, what it declared is gone.
      return """
            __primedoc.begin(\(index))
            do {
        \(code)      __primedoc.end(\(index))
            } catch {
              __primedoc.failed(\(index), error)
            }

        """
    }
    // What does not carry state gets a scope of its own inside the page's: it sees
    // the setup before it, may redeclare any name, and what it declares stays inside.
    let body = scenario.mode.carriesState ? code : "    do {\n\(code)    }\n"
    return "    __primedoc.begin(\(index))\n\(body)    __primedoc.end(\(index))\n"
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

  /// The `import` lines all of a page's runnable scenarios start with.
  static func imports(of page: PageScenarios) -> [String] {
    var seen: [String] = []
    for scenario in page.scenarios where scenario.mode.compiledWithPage {
      for line in hoistingImports(scenario.code).imports where !seen.contains(line) { seen.append(line) }
    }
    return seen
  }

  /// Whether a page's function must be `async`: only when a scenario awaits.
  /// Async functions are split into coroutines, which costs compile time for the
  /// many pages that never await.
  static func isAsync(_ page: PageScenarios) -> Bool {
    page.scenarios.contains { $0.mode.compiledWithPage && $0.code.contains("await") }
  }

  /// The file for one page: the shared body wrapped in a uniquely named function.
  /// `body` is `pageBody(page)`, computed once for the page's cache key.
  static func pageFile(
    _ page: PageScenarios, body: String, function: String, library: String = DocumentedLibrary.module
  ) -> String {
    """
    import PrimedocHarness
    import \(library)
    \(imports(of: page).joined(separator: "\n"))

    @MainActor
    func \(function)()\(isAsync(page) ? " async" : "") {
      do {
    \(body)  } catch {
        __primedoc.threw(error)
      }
    }

    """
  }

  /// A compile-fail scenario alone in a file, to be type-checked on its own.
  static func compileFailFile(_ scenario: Scenario, file: String) -> String {
    let imports = hoistingImports(scenario.code).imports.joined(separator: "\n")
    return
      "import \(DocumentedLibrary.module)\n\(imports)\n@MainActor\nfunc __primedoc_compile_fail() async throws {\n\(sourceLocated(scenario, file: file))}\n"
  }

  /// Writes a harness's sources into `folder`: `main.swift`, and a file for each
  /// page that runs it as page `number`. Returns the files, `main.swift` first.
  static func writeSources(
    _ pages: [(number: Int, page: PageScenarios, body: String)], library: String = DocumentedLibrary.module,
    in folder: URL
  ) throws -> [URL] {
    let main = folder.appendingPathComponent("main.swift")
    let functions = pages.map { "__primedoc_page_\($0.number)" }
    try mainFile(pageFunctions: zip(functions, pages).map { ($0, isAsync($1.page)) }, numbers: pages.map(\.number))
      .write(to: main, atomically: true, encoding: .utf8)
    var sources = [main]
    for (function, (number, page, body)) in zip(functions, pages) {
      let file = folder.appendingPathComponent(fileName(number, page))
      try pageFile(page, body: body, function: function, library: library)
        .write(to: file, atomically: true, encoding: .utf8)
      sources.append(file)
    }
    return sources
  }

  /// The generated file of page `number`, which a compiler error may name.
  static func fileName(_ number: Int, _ page: PageScenarios) -> String {
    "page-\(number)-\(page.path.identifier).swift"
  }

  /// `main.swift`: reads the page number and the nonce, then runs that page.
  /// `numbers` gives each function's page number (by default its position).
  static func mainFile(pageFunctions: [(name: String, isAsync: Bool)], numbers: [Int]? = nil) -> String {
    let numbers = numbers ?? Array(pageFunctions.indices)
    let cases = zip(numbers, pageFunctions).map { number, function in
      "case \(number): \(function.isAsync ? "await " : "")\(function.name)()"
    }.joined(separator: "\n")
    // The runtime (`__primedoc`: markers, nonce, error reports) is compiled once,
    // into its own module: compiling it into every harness cost time on every edit.
    return """
      import PrimedocHarness

      switch __primedoc.start(pages: \((numbers.max() ?? -1) + 1)) {
      \(cases)
      default: break
      }
      __primedoc.done()

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
