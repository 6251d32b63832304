import Yams

/// A page's optional YAML header between `---` lines.
struct FrontMatter: Sendable, Equatable {
  var title: String?
  var summary: String?
  /// The language mode of the page's sessions (of every page, in SUMMARY.md's).
  var swiftVersion: SwiftVersion?
  /// `library: none`: the sessions import nothing but what they write.
  var importsLibrary: Bool?
  /// `autolinks: false`: bare URLs stay text, as in CommonMark.
  var autolinks: Bool?

  static let keys = ["title", "summary", "swift-version", "library", "autolinks"]

  /// Splits front matter off `text`. The header's lines are replaced by empty lines
  /// rather than removed, so that cmark's line numbers stay the file's.
  ///
  /// Front matter is a YAML mapping at the very top, between a `---` line and the
  /// next `---` (or `...`). Anything else that starts with `---` is Markdown (a
  /// rule, a setext heading: `---`, `Foo`, `---` is a rule and a heading) and
  /// renders as cmark renders it. A header that is meant as a mapping (its first
  /// line is `key:`) and does not parse is an error at its line.
  static func split(_ text: String, file: String) throws(PrimedocError) -> (FrontMatter, body: String) {
    var lines = text.lineSlices
    guard let first = lines.first, first.trimmingTrailingSpace() == "---",
      let close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingTrailingSpace()) })
    else { return (FrontMatter(), text) }
    let yaml = lines[1..<close].joined(separator: "\n")
    guard isMeantAsMapping(yaml) else { return (FrontMatter(), text) }
    let frontMatter = try parse(yaml, file: file)
    for index in 0...close { lines[index] = "" }
    return (frontMatter, lines.joined(separator: "\n"))
  }

  /// Whether the header's first line (blank lines and `#` comments aside) is a
  /// `key:`, as every mapping's is.
  private static func isMeantAsMapping(_ yaml: String) -> Bool {
    let lines = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = lines.first(where: { !$0.isEmpty && !$0.hasPrefix("#") }),
      let colon = first.firstIndex(of: ":")
    else { return false }
    let key = first[..<colon]
    let rest = first[first.index(after: colon)...]
    return !key.isEmpty && !key.contains(" ") && (rest.isEmpty || rest.hasPrefix(" ") || rest.hasPrefix("\t"))
  }

  private static func parse(_ yaml: String, file: String) throws(PrimedocError) -> FrontMatter {
    let value: Any?
    do {
      value = try Yams.load(yaml: yaml)
    } catch {
      // YAML line 1 is the file's line 2, after the opening `---`.
      let (line, problem) = describe(error)
      throw PrimedocError(SourceLocation(file: file, line: line + 1), "front matter is not valid YAML: \(problem)")
    }
    guard let value else { return FrontMatter() }
    guard let mapping = value as? [String: Any] else {
      throw PrimedocError(
        SourceLocation(file: file, line: 2), "front matter must be a mapping such as 'title: …', not \(kind(of: value))"
      )
    }
    var frontMatter = FrontMatter()
    for (key, entry) in mapping.sorted(by: { $0.key < $1.key }) {
      let location = SourceLocation(file: file, line: line(of: key, in: yaml) + 1)
      func string() throws(PrimedocError) -> String {
        guard let string = entry as? String else {
          throw PrimedocError(location, "front matter key '\(key)' must be a string")
        }
        return string
      }
      switch key {
      case "swift-version":
        // YAML reads `5` as a number and `4.2` as a fraction; both name a mode.
        guard entry is String || entry is Int || entry is Double,
          let version = SwiftVersion(rawValue: "\(entry)")
        else { throw PrimedocError(location, SwiftVersion.unknown("\(entry)")) }
        frontMatter.swiftVersion = version
      case "autolinks":
        guard let flag = entry as? Bool else {
          throw PrimedocError(location, "front matter key 'autolinks' must be true or false")
        }
        frontMatter.autolinks = flag
      case "library":
        let library = try string()
        guard ["none", DocumentedLibrary.module].contains(library) else {
          throw PrimedocError(
            location,
            "`library: \(library)` is not a library primedoc can link: scenarios are compiled against \(DocumentedLibrary.module); write `library: none` for a book of plain Swift"
          )
        }
        frontMatter.importsLibrary = library != "none"
      case "title": frontMatter.title = try string()
      case "summary": frontMatter.summary = try string()
      default:
        let hint = NearMiss.suggestion(for: key, among: keys).map { "; did you mean '\($0)'?" } ?? ""
        throw PrimedocError(
          location, "unknown front matter key '\(key)' (known: \(keys.joined(separator: ", ")))\(hint)")
      }
    }
    return frontMatter
  }

  private static func describe(_ error: any Error) -> (line: Int, problem: String) {
    switch error as? YamlError {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return (mark.line, problem)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return (context.mark.line, "duplicate keys \(duplicates.joined(separator: ", "))")
    default:
      return (1, "\(error)")
    }
  }

  private static func line(of key: String, in yaml: String) -> Int {
    let lines = yaml.lineSlices
    return (lines.firstIndex { $0.hasPrefix(key) } ?? 0) + 1
  }

  private static func kind(of value: Any) -> String {
    switch value {
    case is [Any]: "a list"
    case is String: "a string"
    default: "a scalar"
    }
  }
}
