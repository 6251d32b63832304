/// `primedoc list`: the book's pages and their scenarios, with names and lines.
public struct ListAction: Sendable {
  public var request: BookRequest

  public init(request: BookRequest) { self.request = request }

  public func perform(console: Console) async -> ExitStatus {
    await CheckAction.running(console: console) {
      let (_, pages) = try request.checker.load(request.location)
      for page in pages {
        console.line("\(page.displayPath)  \(page.page.title)")
        for scenario in page.scenarios {
          let flags = scenario.attributes.flagWords
          console.line("  \(scenario.location.line)\t\(scenario.name)\(flags.isEmpty ? "" : "\t[\(flags.joined(separator: " "))]")")
        }
      }
      return .success
    }
  }
}
