/// How a check's report is told: diagnostics, notes and a summary on standard
/// error, and the results on standard output in the chosen format.
package enum ReportFormat: String, Sendable, CaseIterable {
  case text, json, junit
}

enum ReportWriter {
  /// Prints diagnostics, notes and the closing `N passed, N failed` line.
  static func write(_ report: CheckReport, format: ReportFormat, console: Console) {
    for diagnostic in report.diagnostics { console.error(diagnostic.description) }
    if !report.unverifiedBlocks.isEmpty {
      // The first few: a book that shows code beside its tests can have a thousand.
      let shown = 5
      let more = report.unverifiedBlocks.count - shown
      let places =
        report.unverifiedBlocks.prefix(shown).map(\.description).joined(separator: ", ")
        + (more > 0 ? " and \(more) more (`--strict` lists each as an error)" : "")
      console.error(
        "note: \(report.unverifiedBlocks.count) `swift` block(s) are not scenarios and were not verified: \(places)")
    }
    let pages = report.pages.filter { !$0.page.scenarios.isEmpty }.count
    console.error(
      "\(pages) page(s) with scenarios: \(report.compiledPages) compiled and run, \(report.cachedPages) from the cache; "
        + "\(report.compilerInvocations) compiler invocation(s)")
    if let real = report.realKernel, !real.kernelLog.isEmpty {
      console.error("note: while the pages ran, \(real.kernel) logged:\n" + real.kernelLog.trimmingSuffix("\n"))
    }
    if let real = report.realKernel {
      console.error(
        real.qualified == 0
          ? "real kernel: no scenario compiles against the real-kernel backend"
          : "real kernel \(real.kernel): \(real.qualified) scenario(s) qualify, \(real.agreed) print the same as on the model"
      )
    }
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
}
