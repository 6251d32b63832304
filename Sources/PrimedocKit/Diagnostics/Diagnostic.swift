/// A place in the book that a message is about: a path as the user would type it
/// (relative to the working folder when possible), a 1-based line and, when
/// known, a 1-based column.
struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  var file: String
  var line: Int
  var column: Int?

  init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  var description: String { "\(file):\(line)" + (column.map { ":\($0)" } ?? "") }
}

/// One finding, printed the way swiftc prints its own (`file:line: error: …`), so
/// primedoc's messages and the compiler's read alike in a terminal or an editor.
struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
  enum Severity: String, Sendable, Codable {
    case error, warning, note
  }

  var severity: Severity
  var location: SourceLocation?
  var message: String
  /// Lines printed after the headline: a diff, a compiler message, a suggestion.
  var details: [String]

  init(_ severity: Severity, _ location: SourceLocation?, _ message: String, details: [String] = []) {
    self.severity = severity
    self.location = location
    self.message = message
    self.details = details
  }

  static func error(_ location: SourceLocation?, _ message: String, details: [String] = []) -> Diagnostic {
    Diagnostic(.error, location, message, details: details)
  }

  var description: String {
    let head = location.map { "\($0): " } ?? ""
    return ([head + "\(severity.rawValue): \(message)"] + details).joined(separator: "\n")
  }
}

/// primedoc's one error: whatever stops a command before its verdict, as
/// diagnostics. Bad input (a malformed book, a bad attribute, an unreadable
/// folder, a theme that does not parse) names its file and line; an unusable
/// environment (no compiler, a site that cannot be written, a lock that cannot be
/// taken) has no location. The command exits 2 and nothing is published.
package struct PrimedocError: Error, CustomStringConvertible {
  var diagnostics: [Diagnostic]

  init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  init(_ location: SourceLocation?, _ message: String) {
    self.init([.error(location, message)])
  }

  package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Array where Element: Sendable {
  /// `transform` of every element on every core (`parallelMap`): the values of
  /// those it succeeded on, in order, and the diagnostics of the others, so one
  /// bad page is reported with every other and stops none of them.
  func parallelMap<T: Sendable>(collecting transform: @Sendable (Element) throws(PrimedocError) -> T) -> (
    values: [T], diagnostics: [Diagnostic]
  ) {
    var values: [T] = []
    var diagnostics: [Diagnostic] = []
    for result in parallelMap({ element in Result { () throws(PrimedocError) in try transform(element) } }) {
      switch result {
      case .success(let value): values.append(value)
      case .failure(let error): diagnostics += error.diagnostics
      }
    }
    return (values, diagnostics)
  }
}
