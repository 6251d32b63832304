import Foundation

/// `primedoc build`: check, then write the site, replacing the previous one only
/// when every scenario verified.
public struct BuildAction: Sendable {
  public var request: BookRequest
  public var output: String
  /// A folder laid over the standard theme, when given.
  public var theme: String?
  /// Write the site even when scenarios failed, marked failed (the exit status
  /// still says they failed).
  public var keepGoing: Bool

  public init(request: BookRequest, output: String, theme: String? = nil, keepGoing: Bool = false) {
    self.request = request
    self.output = output
    self.theme = theme
    self.keepGoing = keepGoing
  }

  public func perform(console: Console) async -> ExitStatus {
    guard let theme = loadTheme(console: console) else { return .badInput }
    return await build(with: theme, console: console)
  }

  /// The theme, or nil after saying why it does not load: bad input, said before
  /// any scenario runs.
  func loadTheme(console: Console) -> Theme? {
    do {
      return try Theme.load(overlay: theme.map { URL(fileURLWithPath: $0) })
    } catch {
      console.error(error.description)
      return nil
    }
  }

  /// One build: `serve` calls it again on every change.
  func build(with theme: Theme, console: Console) async -> ExitStatus {
    // `swiftc --version` for the provenance runs while the book is checked.
    let provenance = Task.detached { [toolchain = request.options.toolchain] in SiteProvenance.of(toolchain) }
    return await CheckAction.running(console: console, locking: request) {
      let report = try await request.check(console: console)
      CheckAction.printReport(report, format: .text, console: console)
      guard report.failed == 0 || keepGoing else {
        console.error("error: the site was not written: \(report.failed) scenario(s) failed; '\(output)' is unchanged")
        return .failure
      }
      let start = ContinuousClock.now
      let site = SiteRenderer.render(report, theme: theme, provenance: await provenance.value)
      try SiteWriter(destination: URL(fileURLWithPath: output)).write(site)
      PhaseClock.note("render and write the site", ContinuousClock.now - start)
      console.error("wrote \(output)/ (\(report.pages.count) page(s))")
      guard report.failed == 0 else {
        console.error("error: \(report.failed) scenario(s) failed; the site shows them marked failed (--keep-going)")
        return .failure
      }
      return .success
    }
  }
}
