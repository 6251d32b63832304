import Foundation

/// `primedoc check`: verify every scenario and say what failed, where.
public struct CheckAction: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case text, json, junit
  }

  public var request: BookRequest
  public var format: Format

  public init(request: BookRequest, format: Format = .text) {
    self.request = request
    self.format = format
  }

  public func perform(console: Console) async -> ExitStatus {
    await Self.running(console: console, locking: request) {
      let report = try await request.check(console: console)
      Self.printReport(report, format: format, console: console)
      return report.failed == 0 ? .success : .failure
    }
  }

  /// Prints diagnostics, notes and the closing `N passed, N failed` line.
  static func printReport(_ report: CheckReport, format: Format, console: Console) {
    for diagnostic in report.diagnostics { console.error(diagnostic.description) }
    if !report.unverifiedBlocks.isEmpty {
      let places = report.unverifiedBlocks.map(\.description).joined(separator: ", ")
      console.error("note: \(report.unverifiedBlocks.count) `swift` block(s) are not scenarios and were not verified: \(places)")
    }
    let pages = report.pages.filter { !$0.page.scenarios.isEmpty }.count
    console.error(
      "\(pages) page(s) with scenarios: \(report.compiledPages) compiled and run, \(report.cachedPages) from the cache; "
        + "\(report.compilerInvocations) compiler invocation(s)")
    switch format {
    case .text: console.line(report.summaryLine)
    case .json:
      console.line(JSONReport.render(report))
      console.error(report.summaryLine)
    case .junit:
      console.line(JUnitReport.render(report))
      console.error(report.summaryLine)
    }
  }

  /// `running`, holding the book's lock (see `BookRequest.locked`).
  static func running(console: Console, locking request: BookRequest, _ body: () async throws -> ExitStatus) async
    -> ExitStatus
  {
    await running(console: console) { try await request.locked(console: console, body) }
  }

  /// Runs a command body, turning bad input and environment problems into their
  /// messages and exit status 2.
  static func running(console: Console, _ body: () async throws -> ExitStatus) async -> ExitStatus {
    do {
      return try await body()
    } catch let error as BadInput {
      console.error(error.description)
      return .badInput
    } catch {
      console.error("error: \(error)")
      return .badInput
    }
  }
}
