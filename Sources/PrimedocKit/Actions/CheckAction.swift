/// `primedoc check`: verify every scenario and say what failed, where.
package struct CheckAction: PrimedocAction {
  package var request: BookRequest
  package var format: ReportFormat

  package init(request: BookRequest, format: ReportFormat = .text) {
    self.request = request
    self.format = format
  }

  package func perform(console: Console) async throws -> ExitStatus {
    try await request.locked(console: console) {
      let report = try await request.check(console: console)
      ReportWriter.write(report, format: format, console: console)
      return report.failed == 0 ? .success : .failure
    }
  }
}
