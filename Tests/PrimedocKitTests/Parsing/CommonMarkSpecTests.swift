import Foundation
import Testing

@testable import PrimedocKit

/// Markdown outside scenarios must render exactly as cmark renders it: all 652
/// examples of the CommonMark 0.30 spec (`Fixtures/spec-0.30.json`).
@Suite struct CommonMarkSpecTests {
  struct Example: Decodable {
    var example: Int
    var markdown: String
    var html: String
  }

  @Test func everySpecExampleRendersAsCmarkDoes() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/spec-0.30.json")
    let examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: url))
    #expect(examples.count == 652)
    let failing = examples.filter { CommonMarkConverter.renderHTML($0.markdown) != $0.html }.map(\.example)
    #expect(failing == [])
  }

  @Test func replacedCodeBlocksBecomeRawHTMLAndDroppedOnesVanish() {
    let markdown = "# T\n\n```swift\nlet a = 1\n```\n\n```output\n1\n```\n\n[next](next.md#part)\n"
    let html = CommonMarkConverter.renderHTML(markdown, replacingCodeBlocks: [0: "<div>code</div>", 1: ""]) {
      $0.replacingOccurrences(of: ".md", with: ".html")
    }
    #expect(html == "<h1>T</h1>\n<div>code</div>\n<p><a href=\"next.html#part\">next</a></p>\n")
  }

  @Test func parseFindsFencedBlocksWithTheirLines() {
    let document = CommonMarkConverter.parse("> ```swift scenario\n> let a = 1\n> ```\n\n    indented\n")
    #expect(document.codeBlocks.count == 2)
    #expect(document.codeBlocks[0].info == "swift scenario")
    #expect(document.codeBlocks[0].isFenced)
    #expect(document.codeBlocks[0].startLine == 1 && document.codeBlocks[0].endLine == 3)
    #expect(!document.codeBlocks[1].isFenced)
  }
}
