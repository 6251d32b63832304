import Foundation

/// `check --format json`: one object per scenario with where it is, its hash,
/// status and output, for tools and CI dashboards.
enum JSONReport {
  struct Document: Encodable {
    var passed: Int
    var failed: Int
    var cachedPages: Int
    var compiledPages: Int
    var scenarios: [Entry]
  }

  struct Entry: Encodable {
    var page: String
    var scenario: String
    var span: Span
    var hash: String
    var status: String
    var output: String?
    var message: String?
    /// The real kernel that printed the same (`check --real-kernel`).
    var alsoVerifiedOn: String?
  }

  struct Span: Encodable {
    var startLine: Int
    var endLine: Int
  }

  static func render(_ report: CheckReport) -> String {
    let document = Document(
      passed: report.passed, failed: report.failed, cachedPages: report.cachedPages,
      compiledPages: report.compiledPages,
      scenarios: report.results.map {
        Entry(
          page: $0.page, scenario: $0.name, span: Span(startLine: $0.startLine, endLine: $0.endLine), hash: $0.hash,
          status: $0.status.rawValue, output: $0.output?.text, message: $0.diagnostic?.description,
          alsoVerifiedOn: $0.realKernel)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
