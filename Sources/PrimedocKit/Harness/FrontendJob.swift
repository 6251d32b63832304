import Foundation

/// The one frontend job `swiftc -c` runs for a session's script, asked of the
/// driver once (`swiftc -###`) and then run directly for every session.
///
/// Each session is a module of its own, so a book of a hundred sessions is a
/// hundred compiles; through the driver each one also starts the driver, which
/// plans the job it then runs. Measured here on the 100 sessions of a
/// 1,000-scenario book, two at a time: 5.8 s through the driver, 4.2 s straight
/// to the frontend. The driver still decides every flag (the target, the
/// resource directory of a static build, what `PRIMEDOC_SWIFTC_FLAGS` becomes);
/// only the file, module, entry point and object differ from job to job.
struct FrontendJob: Sendable {
  var executable: URL
  /// The job's arguments with `Placeholder`s where each session's own go.
  var arguments: [String]

  enum Placeholder {
    static let source = "primedoc-placeholder-source.swift"
    static let module = "PrimedocPlaceholderModule"
    static let entry = "__primedoc_placeholder_entry"
    static let object = "primedoc-placeholder-object.o"
  }

  /// The arguments for one session, or for a batch (no `entry`).
  func arguments(source: URL, module: String, entry: String?, object: URL) -> [String] {
    arguments.map { argument in
      switch argument {
      case Placeholder.source: source.path
      case Placeholder.module: module
      case Placeholder.entry: entry ?? argument
      case Placeholder.object: object.path
      default: argument
      }
    }
  }

  /// Reads the driver's plan (`-###`): one line, the frontend and its arguments
  /// in shell quoting. nil when it is anything else (several jobs, no frontend,
  /// a placeholder missing or repeated), and sessions then go through the driver.
  /// `hasEntry`: the job renames a script's entry point (a batch's does not).
  static func parse(_ plan: String, hasEntry: Bool = true) -> FrontendJob? {
    let lines = plan.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    guard lines.count == 1, let words = shellWords(String(lines[0])), let first = words.first,
      first.hasSuffix("swift-frontend"), words.dropFirst().first == "-frontend"
    else { return nil }
    let arguments = Array(words.dropFirst())
    let placeholders =
      [Placeholder.source, Placeholder.module, Placeholder.object] + (hasEntry ? [Placeholder.entry] : [])
    for placeholder in placeholders where arguments.filter({ $0 == placeholder }).count != 1 {
      return nil
    }
    return FrontendJob(executable: URL(fileURLWithPath: first), arguments: arguments)
  }

  /// POSIX shell words: single quotes, double quotes and backslashes, as the
  /// driver quotes arguments that hold spaces. nil for an unterminated quote.
  static func shellWords(_ line: String) -> [String]? {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if let open = quote {
        if character == open {
          quote = nil
        } else if character == "\\" && open == "\"" {
          escaped = true
        } else {
          current.append(character)
        }
      } else if character == "'" || character == "\"" {
        quote = character
        inWord = true
      } else if character == "\\" {
        escaped = true
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    guard quote == nil, !escaped else { return nil }
    if inWord { words.append(current) }
    return words
  }
}
