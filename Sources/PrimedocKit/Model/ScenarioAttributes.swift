/// The attributes after `swift scenario` in a fence's info string.
public struct ScenarioAttributes: Sendable, Hashable, Codable {
  public var name: String?
  /// Runs in a scope of its own: sees the page's shared state before it, may
  /// redeclare any name, and what it declares is not visible afterwards.
  public var isolated = false
  /// Runs, but is not rendered: setup the reader need not see.
  public var hidden = false
  /// Must end with a failure the model reports (an oops, a BUG, an errno).
  public var expectFailure = false
  /// Must not compile; its expected block holds the compiler's message.
  public var compileFail = false
  /// Compiled but not run.
  public var noRun = false
  /// How long the scenario may run before its page is killed.
  public var timeout: Duration?
  /// Record the model's trace after it runs; the site draws it as a sequence diagram.
  public var trace = false

  public init() {}

  static let flags = ["isolated", "hidden", "compile-fail", "no-run", "trace"]
  static let valued = ["name", "expect", "timeout"]
  static var all: [String] { valued + flags }

  /// Parses the words after `swift scenario`. Each problem is reported with the
  /// fence's location; misspellings get a suggestion.
  static func parse(_ words: [Substring], at location: SourceLocation) throws(BadInput) -> ScenarioAttributes {
    var attributes = ScenarioAttributes()
    var seen: Set<String> = []
    var diagnostics: [Diagnostic] = []
    func fail(_ message: String) { diagnostics.append(.error(location, message)) }

    for word in words {
      let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = String(parts[0])
      let value = parts.count == 2 ? String(parts[1]) : nil
      guard !key.isEmpty else {
        fail("malformed scenario attribute '\(word)': write key=value, e.g. name=mmap-redirect")
        continue
      }
      guard all.contains(key) else {
        let hint = NearMiss.suggestion(for: key, among: all).map { "; did you mean `\($0)`?" } ?? ""
        fail("unknown scenario attribute '\(key)'\(hint) (known: \(all.joined(separator: ", ")))")
        continue
      }
      guard seen.insert(key).inserted else {
        fail("scenario attribute '\(key)' is given twice")
        continue
      }
      if flags.contains(key) {
        guard value == nil else {
          fail("scenario attribute '\(key)' takes no value; write just `\(key)`")
          continue
        }
      } else if value == nil || value!.isEmpty {
        fail("scenario attribute '\(key)' needs a value: `\(key)=…`")
        continue
      }
      switch key {
      case "name":
        if let problem = ScenarioName.problem(with: value!) { fail(problem) } else { attributes.name = value }
      case "expect":
        if value == "failure" { attributes.expectFailure = true } else { fail("`expect=\(value!)` is not known; the only value is `expect=failure`") }
      case "timeout":
        if let duration = Duration(parsing: value!) {
          attributes.timeout = duration
        } else {
          fail("`timeout=\(value!)` is not a duration; write e.g. timeout=30s, timeout=500ms or timeout=2m")
        }
      case "isolated": attributes.isolated = true
      case "hidden": attributes.hidden = true
      case "compile-fail": attributes.compileFail = true
      case "no-run": attributes.noRun = true
      case "trace": attributes.trace = true
      default: break
      }
    }
    if attributes.compileFail && attributes.expectFailure {
      fail("a scenario cannot be both `compile-fail` and `expect=failure`: one that does not compile never runs")
    }
    if attributes.noRun && attributes.expectFailure {
      fail("a scenario cannot be both `no-run` and `expect=failure`: a failure is only seen by running")
    }
    guard diagnostics.isEmpty else { throw BadInput(diagnostics) }
    return attributes
  }
}

/// Scenario names become anchors (`#scenario-NAME`) and file names in reports.
enum ScenarioName {
  static func problem(with name: String) -> String? {
    let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    guard allowed, let first = name.unicodeScalars.first, first.properties.isAlphabetic else {
      return "scenario name '\(name)' cannot be an anchor: start with a letter and use only letters, digits, '-', '_' and '.'"
    }
    return nil
  }
}
