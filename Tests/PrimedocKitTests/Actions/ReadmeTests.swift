import Foundation
import Testing

@testable import PrimedocKit

/// The README's examples are checked the way the guide is: the README is a page of
/// a book (with `--strict`, so a `swift` block that is not a scenario fails), and
/// so is each Markdown example it shows inside a ````markdown fence.
@Suite struct ReadmeTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

  /// The text inside each ````markdown … ```` fence.
  static func markdownExamples(in text: String) -> [String] {
    var examples: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == nil, line == "````markdown" {
        current = []
      } else if line == "````", let example = current {
        examples.append(example.joined(separator: "\n") + "\n")
        current = nil
      } else {
        current?.append(line)
      }
    }
    return examples
  }

  @Test func everyExampleInTheReadmeVerifies() async throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let examples = Self.markdownExamples(in: text)
    #expect(!examples.isEmpty)
    var files = ["README.md": text]
    for (number, example) in examples.enumerated() { files["example-\(number + 1).md"] = example }
    files["SUMMARY.md"] = "# Summary\n\n" + files.keys.sorted().map { "- [\($0)](\($0))\n" }.joined()
    let fixture = try BookFixture(files)
    let report = try await fixture.check(try fixture.options(strict: true))
    for diagnostic in report.diagnostics { Issue.record("\(diagnostic)") }
    #expect(report.failed == 0)
    #expect(report.results.filter { $0.status == .verified }.count == report.results.count)
    #expect(report.results.count >= 2)
  }
}
