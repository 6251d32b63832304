/// `primedoc list`: the book's pages and their scenarios, with names and lines.
package struct ListAction: PrimedocAction {
  package var request: BookRequest

  package init(request: BookRequest) { self.request = request }

  package func perform(console: Console) async throws -> ExitStatus {
    let (_, pages) = try request.checker.load(request.location)
    for page in pages {
      console.line("\(page.displayPath)  \(page.page.title)")
      for scenario in page.scenarios {
        let flags = scenario.attributes.flagWords
        console.line(
          "  \(scenario.location.line)\t\(scenario.name)\(flags.isEmpty ? "" : "\t[\(flags.joined(separator: " "))]")")
      }
    }
    return .success
  }
}
