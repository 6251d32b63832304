import Foundation
import Testing

@testable import PrimedocKit

/// GitHub's extensions, against cmark-gfm's own 52 examples with its HTML
/// (`Fixtures/gfm-extensions.json`, from github/cmark-gfm's test/spec.txt and
/// test/extensions.txt).
@Suite struct GFMExtensionTests {
  struct Example: Decodable {
    var example: Int
    var section: String
    var extensions: [String]
    var markdown: String
    var html: String
  }

  static let examples: [Example] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/gfm-extensions.json")
    return (try? JSONDecoder().decode([Example].self, from: Data(contentsOf: url))) ?? []
  }()

  /// The sections of each extension primedoc supports.
  static let supported: [String: [String]] = [
    "table": [
      "Tables (extension)", "Tables", "Table cell count mismatches", "Embedded pipes", "Oddly-formatted markers",
      "Escaping", "Embedded HTML", "Reference-style links", "Sequential cells", "Interaction with emphasis",
      "a table can be recognised when separated from a paragraph of text without an empty line",
    ],
    "strikethrough": ["Strikethrough (extension)", "Strikethroughs"],
    "autolink": ["Autolinks (extension)", "Autolinks", "Interop"],
    // Task list items (extension), 279 and 280, are disabled in cmark-gfm's own spec:
    // their HTML is GitHub's site's, not cmark-gfm's (which "Task lists" shows).
    "tasklist": ["Task lists"],
    "footnotes": ["Footnotes"],
  ]

  @Test func everyExampleOfASupportedExtensionRendersAsCmarkGFMDoes() {
    #expect(Self.examples.count == 52)
    for (extensionName, sections) in Self.supported.sorted(by: { $0.key < $1.key }) {
      // Example 20's HTML is <IGNORE> (it only must not crash cmark-gfm).
      let examples = Self.examples.filter { sections.contains($0.section) && !$0.html.hasPrefix("<IGNORE>") }
      // A section name that matches nothing would make the comparison vacuous.
      #expect(!examples.isEmpty, "\(extensionName): no example of \(sections)")
      let failing = examples.filter { CommonMarkConverter.renderHTML($0.markdown) != $0.html }
      print(
        "GFM \(extensionName): \(examples.count - failing.count) of \(examples.count) examples render as cmark-gfm's")
      #expect(failing.map(\.example) == [], "\(extensionName)")
    }
  }

  @Test func calloutsAreGitHubsAlertsAsTitledBoxes() {
    #expect(
      CommonMarkConverter.renderHTML("> [!WARNING]\n> Never walk the *pages*.\n\n> [!note]\n>\n> Two\n> lines.\n")
        == """
        <div class="callout callout-warning">
        <p class="callout-title">Warning</p>
        <p>Never walk the <em>pages</em>.</p>
        </div>
        <div class="callout callout-note">
        <p class="callout-title">Note</p>
        <p>Two
        lines.</p>
        </div>

        """)
    // Anything else is a block quote.
    #expect(
      CommonMarkConverter.renderHTML("> [!NOTICE]\n> text\n\n> [!NOTE] and more\n")
        == "<blockquote>\n<p>[!NOTICE]\ntext</p>\n</blockquote>\n<blockquote>\n<p>[!NOTE] and more</p>\n</blockquote>\n"
    )
  }

  @Test func windowsLineEndingsChangeNothing() {
    let lf = "| a | b |\n| --- | :-: |\n| c | d |\n\nText[^1] ~~old~~.\n\n[^1]: Note.\n"
    let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(CommonMarkConverter.renderHTML(crlf) == CommonMarkConverter.renderHTML(lf))
    #expect(CommonMarkConverter.renderHTML(lf).contains("<td align=\"center\">d</td>"))
    // `[^1]: Note.` is a footnote, not the link reference definition cmark would read.
    #expect(CommonMarkConverter.parse(crlf).links.isEmpty)
  }
}
