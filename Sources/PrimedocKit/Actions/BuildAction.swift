import Foundation

/// `primedoc build`: check, then write the site, replacing the previous one only
/// when every scenario verified.
public struct BuildAction: Sendable {
  public var request: BookRequest
  public var output: String

  public init(request: BookRequest, output: String) {
    self.request = request
    self.output = output
  }

  public func perform(console: Console) async -> ExitStatus {
    await CheckAction.running(console: console, locking: request) {
      let report = try await request.check(console: console)
      CheckAction.printReport(report, format: .text, console: console)
      guard report.failed == 0 else {
        console.error("error: the site was not written: \(report.failed) scenario(s) failed; '\(output)' is unchanged")
        return .failure
      }
      let start = ContinuousClock.now
      try SiteWriter(destination: URL(fileURLWithPath: output)).write(SiteRenderer.render(report))
      PhaseClock.note("render and write the site", ContinuousClock.now - start)
      console.error("wrote \(output)/ (\(report.pages.count) page(s))")
      return .success
    }
  }
}
