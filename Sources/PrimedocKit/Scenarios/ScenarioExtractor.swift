/// Finds the scenarios of a page and pairs each with its `output` block, enforcing
/// the Markdown contract of DESIGN.md.
enum ScenarioExtractor {
  static func extract(_ page: Page) throws(PrimedocError) -> PageScenarios {
    var scenarios: [Scenario] = []
    var unverified: [SourceLocation] = []
    var diagnostics: [Diagnostic] = []
    var names: [String: Int] = [:]
    let lines = SourceLines(page.body)
    /// The scenario an `output` block would belong to: the one just before it.
    var awaitingOutput: Int?
    /// Set after a scenario that was rejected, so its `output` block adds no second error.
    var rejectedBefore = false

    for block in page.document.codeBlocks {
      let location = SourceLocation(file: page.displayPath, line: block.startLine)
      let words = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" })
      let language = words.first ?? ""
      let isScenario = language == "swift" && words.dropFirst().first == "scenario"
      let isOutput = language == "output"

      if block.isFenced, isScenario || isOutput || language == "swift",
        block.endLine == block.startLine || !lines.isFence(line: block.endLine)
      {
        diagnostics.append(
          .error(
            location,
            "this code fence is never closed; cmark closes it at the end of the file (line \(block.endLine)), swallowing everything after it"
          ))
      }

      if isOutput {
        guard let owner = awaitingOutput else {
          if rejectedBefore { continue }
          diagnostics.append(
            .error(location, "an `output` block must follow a `swift scenario` block; there is none before this one"))
          continue
        }
        if words.count > 1 {
          diagnostics.append(
            .error(
              location, "an `output` block takes no attributes; found '\(words.dropFirst().joined(separator: " "))'"))
        }
        if let first = scenarios[owner].expected {
          diagnostics.append(
            .error(
              location,
              "scenario \(scenarios[owner].displayName) already has an `output` block (line \(first.startLine)); a scenario has one expected output"
            ))
          continue
        }
        scenarios[owner].expected = block
        continue
      }

      awaitingOutput = nil
      rejectedBefore = false
      if language == "swift" && !isScenario {
        if let near = words.dropFirst().first, NearMiss.editDistance(String(near), "scenario") <= 2 {
          diagnostics.append(.error(location, "unknown word '\(near)' after `swift`; did you mean `scenario`?"))
        } else {
          unverified.append(location)
        }
        continue
      }
      guard isScenario else { continue }

      let attributes: ScenarioAttributes
      do {
        attributes = try ScenarioAttributes.parse(Array(words.dropFirst(2)), at: location)
      } catch {
        diagnostics += error.diagnostics
        rejectedBefore = true
        continue
      }
      let index = scenarios.count
      let name = attributes.name ?? String(index + 1)
      if let first = names[name] {
        diagnostics.append(.error(location, "duplicate scenario name '\(name)': line \(first) already uses it"))
        rejectedBefore = true
        continue
      }
      names[name] = block.startLine
      scenarios.append(
        Scenario(
          name: name, isNamed: attributes.name != nil, index: index, attributes: attributes,
          location: location, block: block, expected: nil))
      awaitingOutput = index
    }
    var sessions: [Session] = []
    do {
      sessions = try Session.group(scenarios, pageVersion: page.swiftVersion)
    } catch {
      diagnostics += error.diagnostics
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    return PageScenarios(page: page, scenarios: scenarios, unverifiedBlocks: unverified, sessions: sessions)
  }
}
