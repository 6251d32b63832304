/// A place in the book that a message is about: a path as the user would type it
/// (relative to the working folder when possible), a 1-based line and, when
/// known, a 1-based column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int?

  public init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line)" + (column.map { ":\($0)" } ?? "") }
}

/// One finding, printed the way swiftc prints its own (`file:line: error: …`), so
/// primedoc's messages and the compiler's read alike in a terminal or an editor.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
  public enum Severity: String, Sendable, Codable {
    case error, warning, note
  }

  public var severity: Severity
  public var location: SourceLocation?
  public var message: String
  /// Lines printed after the headline: a diff, a compiler message, a suggestion.
  public var details: [String]

  public init(_ severity: Severity, _ location: SourceLocation?, _ message: String, details: [String] = []) {
    self.severity = severity
    self.location = location
    self.message = message
    self.details = details
  }

  public static func error(_ location: SourceLocation?, _ message: String, details: [String] = []) -> Diagnostic {
    Diagnostic(.error, location, message, details: details)
  }

  public var description: String {
    let head = location.map { "\($0): " } ?? ""
    return ([head + "\(severity.rawValue): \(message)"] + details).joined(separator: "\n")
  }
}

/// primedoc's one error: whatever stops a command before its verdict, as
/// diagnostics. Bad input (a malformed book, a bad attribute, an unreadable
/// folder, a theme that does not parse) names its file and line; an unusable
/// environment (no compiler, a site that cannot be written, a lock that cannot be
/// taken) has no location. The command exits 2 and nothing is published.
public struct PrimedocError: Error, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public init(_ location: SourceLocation?, _ message: String) {
    self.init([.error(location, message)])
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
