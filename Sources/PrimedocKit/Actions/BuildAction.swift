import Foundation

/// `primedoc build`: check, then write the site, replacing the previous one only
/// when every scenario verified.
package struct BuildAction: PrimedocAction {
  package var request: BookRequest
  package var output: String
  /// A folder laid over the standard theme, when given.
  package var theme: String?
  /// Write the site even when scenarios failed, marked failed (the exit status
  /// still says they failed).
  package var keepGoing: Bool

  package init(request: BookRequest, output: String, theme: String? = nil, keepGoing: Bool = false) {
    self.request = request
    self.output = output
    self.theme = theme
    self.keepGoing = keepGoing
  }

  /// One build, the theme loaded first (a bad theme is bad input, said before any
  /// scenario runs): `serve` performs it again on every change.
  package func perform(console: Console) async throws -> ExitStatus {
    let theme = try Theme.load(overlay: theme.map { URL(fileURLWithPath: $0) })
    // `swiftc --version` for the provenance runs while the book is checked.
    let provenance = Task.detached { [toolchain = request.options.toolchain] in await SiteProvenance.of(toolchain) }
    let result: Result<ExitStatus, any Error>
    do {
      result = .success(try await build(provenance: provenance, console: console, theme: theme))
    } catch {
      result = .failure(error)
    }
    // However the build ends, let `swiftc --version` finish rather than leave a child
    // and its pipes behind at exit.
    _ = await provenance.value
    return try result.get()
  }

  private func build(provenance: Task<SiteProvenance, Never>, console: Console, theme: Theme) async throws -> ExitStatus
  {
    try await request.locked(console: console) {
      let report = try await request.check(console: console)
      ReportWriter.write(report, format: .text, console: console)
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
