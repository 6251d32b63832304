/// The attributes after `swift scenario` in a fence's info string: one `Mode`,
/// and what is orthogonal to it (name, session, language mode, hidden, trace, timeout).
struct ScenarioAttributes: Sendable, Hashable, Codable {
  var name: String?
  /// The session it shares state with; nil for the page's default session.
  var session: String?
  /// `swift-version=5`: the language mode of its session, when not the book's.
  var swiftVersion: SwiftVersion?
  var mode: Scenario.Mode = .shared
  /// Runs, but is not rendered: setup the reader need not see.
  var hidden = false
  /// How long the scenario may run before its page is killed.
  var timeout: Duration?
  /// Record the documented library's trace after it runs; the site draws it as a
  /// sequence diagram.
  var trace = false

  init() {}

  /// Every attribute word, in the order messages list them.
  enum Attribute: String, CaseIterable {
    case name, expect, timeout, session
    case swiftVersion = "swift-version"
    case isolated, hidden
    case compileFail = "compile-fail"
    case noRun = "no-run"
    case trace

    /// `name=…`, `expect=…`, `timeout=…`, `session=…` and `swift-version=…` take a
    /// value; the rest are flags.
    var takesValue: Bool { [.name, .expect, .timeout, .session, .swiftVersion].contains(self) }
  }

  /// Parses the words after `swift scenario`. Each problem is reported with the
  /// fence's location; misspellings get a suggestion.
  static func parse(_ words: [Substring], at location: SourceLocation) throws(PrimedocError) -> ScenarioAttributes {
    var attributes = ScenarioAttributes()
    var seen: Set<Attribute> = []
    var diagnostics: [Diagnostic] = []
    var expected: Scenario.Mode?
    func fail(_ message: String) { diagnostics.append(.error(location, message)) }
    let known = Attribute.allCases.map(\.rawValue)

    for word in words {
      let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = String(parts[0])
      guard !key.isEmpty else {
        fail("malformed scenario attribute '\(word)': write key=value, e.g. name=mmap-redirect")
        continue
      }
      guard let attribute = Attribute(rawValue: key) else {
        let hint = NearMiss.suggestion(for: key, among: known).map { "; did you mean `\($0)`?" } ?? ""
        fail("unknown scenario attribute '\(key)'\(hint) (known: \(known.joined(separator: ", ")))")
        continue
      }
      guard seen.insert(attribute).inserted else {
        fail("scenario attribute '\(key)' is given twice")
        continue
      }
      var value = ""
      if attribute.takesValue {
        guard parts.count == 2, !parts[1].isEmpty else {
          fail("scenario attribute '\(key)' needs a value: `\(key)=…`")
          continue
        }
        value = String(parts[1])
      } else if parts.count == 2 {
        fail("scenario attribute '\(key)' takes no value; write just `\(key)`")
        continue
      }
      switch attribute {
      case .name:
        if let problem = ScenarioName.problem(with: value) { fail(problem) } else { attributes.name = value }
      case .expect:
        expected = [Scenario.Mode.expectFailure, .expectTrap].first { $0.word == "expect=\(value)" }
        if expected == nil { fail("`expect=\(value)` is not known; write `expect=failure` or `expect=trap`") }
      case .session:
        if let problem = ScenarioName.problem(with: value, what: "session") {
          fail(problem)
        } else {
          attributes.session = value
        }
      case .swiftVersion:
        if let version = SwiftVersion(rawValue: value) {
          attributes.swiftVersion = version
        } else {
          fail(SwiftVersion.unknown(value))
        }
      case .timeout:
        if let duration = Duration(parsing: value) {
          attributes.timeout = duration
        } else {
          fail("`timeout=\(value)` is not a duration; write e.g. timeout=30s, timeout=500ms or timeout=2m")
        }
      case .hidden: attributes.hidden = true
      case .trace: attributes.trace = true
      case .isolated, .compileFail, .noRun: break
      }
    }
    if let expected, let word = expected.word {
      if seen.contains(.compileFail) {
        fail("a scenario cannot be both `compile-fail` and `\(word)`: one that does not compile never runs")
      }
      if seen.contains(.noRun) { fail("a scenario cannot be both `no-run` and `\(word)`: it is only seen by running") }
    }
    guard diagnostics.isEmpty else { throw PrimedocError(diagnostics) }
    attributes.mode = Scenario.Mode(words: seen, expected: expected)
    return attributes
  }

  /// The attributes besides the name, as written in the info string.
  var flagWords: [String] {
    var words: [String] = []
    if let word = mode.word { words.append(word) }
    if let session { words.append("\(Attribute.session.rawValue)=\(session)") }
    if let swiftVersion { words.append("\(Attribute.swiftVersion.rawValue)=\(swiftVersion.rawValue)") }
    if hidden { words.append(Attribute.hidden.rawValue) }
    if trace { words.append(Attribute.trace.rawValue) }
    if let timeout { words.append("\(Attribute.timeout.rawValue)=\(timeout.attributeText)") }
    return words
  }
}

extension Scenario {
  /// What a scenario is for, which decides how it is compiled and run.
  enum Mode: String, Sendable, Hashable, Codable {
    /// Runs in the page's shared scope: what it declares, later scenarios see.
    case shared
    /// Runs in a scope of its own: sees the page's shared state before it, may
    /// redeclare any name, and what it declares is not visible afterwards.
    case isolated
    /// Must end with a failure the documented library reports (an oops, an
    /// errno); its own scope, like a task the kernel killed.
    case expectFailure
    /// Must trap (a `fatalError`, an index out of range, an overflow); it runs as
    /// a script of its own after its session's earlier blocks, so the scenarios
    /// after it still run, and what it declared is gone with its process.
    case expectTrap
    /// Compiled with its page, in the page's scope, but not run.
    case noRun
    /// Must not compile; its expected block holds the compiler's message.
    case compileFail

    /// From the attribute words given. Redundant words are allowed, the stronger
    /// one winning (`isolated expect=failure` is `expectFailure`).
    init(words: Set<ScenarioAttributes.Attribute>, expected: Mode? = nil) {
      self =
        if words.contains(.compileFail) {
          .compileFail
        } else if words.contains(.noRun) {
          .noRun
        } else if let expected {
          expected
        } else if words.contains(.isolated) {
          .isolated
        } else {
          .shared
        }
    }

    /// Whether what it declares stays in scope for the scenarios after it.
    var carriesState: Bool { self == .shared }
    /// Whether it is compiled into the harness (a session's script, or its own
    /// for `expectTrap`); a `compileFail` scenario is only judged.
    var compiledWithPage: Bool { self != .compileFail }
    /// Whether it is compiled as a script of its own, after its session's state.
    var hasOwnScript: Bool { self == .compileFail || self == .expectTrap }
    /// Whether it runs.
    var runs: Bool { self == .shared || self == .isolated || self == .expectFailure || self == .expectTrap }

    /// The word an author writes for it; nil for the default.
    var word: String? {
      switch self {
      case .shared: nil
      case .isolated: ScenarioAttributes.Attribute.isolated.rawValue
      case .expectFailure: "expect=failure"
      case .expectTrap: "expect=trap"
      case .noRun: ScenarioAttributes.Attribute.noRun.rawValue
      case .compileFail: ScenarioAttributes.Attribute.compileFail.rawValue
      }
    }
  }
}

/// Scenario names become anchors (`#scenario-NAME`) and file names in reports;
/// session names, module names in the harness.
enum ScenarioName {
  static func problem(with name: String, what: String = "scenario") -> String? {
    let allowed = name.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
    }
    guard allowed, let first = name.unicodeScalars.first, first.properties.isAlphabetic else {
      return
        "\(what) name '\(name)' cannot be an anchor: start with a letter and use only letters, digits, '-', '_' and '.'"
    }
    return nil
  }
}

/// A Swift language mode (`-swift-version`), for a book, a page or a session.
enum SwiftVersion: String, Sendable, Hashable, Codable, CaseIterable {
  case v4 = "4"
  case v42 = "4.2"
  case v5 = "5"
  case v6 = "6"

  /// primedoc's default: the mode a new Swift package gets.
  static let standard = SwiftVersion.v6

  static func unknown(_ value: String) -> String {
    "`swift-version=\(value)` is not a language mode swiftc knows; write one of \(allCases.map(\.rawValue).joined(separator: ", "))"
  }
}
