import Foundation
import Testing

@testable import PrimedocKit

@Suite struct ThemeTests {
  static let book = [
    "SUMMARY.md": summary("a.md"),
    "a.md": "---\ntitle: A & B\n---\n# A & B\n\n```swift scenario name=one\nprint(1)\n```\n\n```output\n1\n```\n",
  ]

  /// A theme folder holding `files` (a fixture's folder, which is all they need).
  private func folder(_ files: [String: String]) throws -> URL {
    try BookFixture(files).book
  }

  @Test func aThemeFolderOverridesOnlyTheFilesItHas() async throws {
    let theme = try Theme.load(
      overlay: folder([
        "page.mustache":
          "<title>{{title}}</title>{{#chapters}}[{{href}}{{#current}}*{{/current}}]{{/chapters}}{{{content}}}",
        "style.css": "body { color: teal; }\n",
        "images/logo.svg": "<svg/>",
      ]))
    let site = try await render(await BookFixture(Self.book).check(), theme: theme)
    let page = try #require(site.pages["a.html"])
    #expect(
      page.hasPrefix("<title>A &amp; B</title>[a.html*]<h1 id=\"a--b\">"), "names escaped, content inserted as HTML")
    #expect(page.contains("<figure class=\"scenario\" id=\"scenario-one\">"))
    #expect(site.assets["style.css"] == Data("body { color: teal; }\n".utf8))
    #expect(site.assets["images/logo.svg"] == Data("<svg/>".utf8))
    #expect(
      site.assets["primedoc.js"] == (try Theme.load().assets["primedoc.js"]),
      "a file the theme lacks is the standard one")
  }

  @Test func aTemplateThatDoesNotParseIsNamedWithItsLine() throws {
    let theme = try folder(["page.mustache": "<html>\n<body>\n{{#chapters}}\n</body>\n"])
    #expect {
      try Theme.load(overlay: theme)
    } throws: { error in
      "\(error)".hasPrefix("\(theme.path)/page.mustache:")
        && "\(error)".contains("error: the page template does not parse")
    }
  }

  @Test func aMissingThemeFolderSaysHowToStartOne() {
    #expect {
      try Theme.load(overlay: URL(fileURLWithPath: "/nonexistent/theme"))
    } throws: { error in
      "\(error)"
        == "error: the theme folder '/nonexistent/theme' does not exist; `primedoc theme /nonexistent/theme` writes the standard theme there to start from"
    }
  }

  @Test func theStandardThemeCanBeWrittenOutAndIsNeverOverwritten() throws {
    let target = try folder([:]).appendingPathComponent("mine")
    try Theme.exportStandard(to: target)
    let written = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
    #expect(written == ["page.mustache", "primedoc.js", "style.css"])
    try Data("edited".utf8).write(to: target.appendingPathComponent("style.css"))
    #expect(throws: PrimedocError.self) { try Theme.exportStandard(to: target) }
    #expect(try String(contentsOf: target.appendingPathComponent("style.css"), encoding: .utf8) == "edited")
    // The exported theme, used as an overlay, renders what the standard one does.
    #expect(try Theme.load(overlay: target).page.description == Theme.load().page.description)
  }

  @Test func buildWithABadThemeExitsTwoAndLeavesTheSite() throws {
    let fixture = try BookFixture(Self.book)
    let site = fixture.root.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
    try Data("previous".utf8).write(to: site.appendingPathComponent("index.html"))
    let theme = try folder(["page.mustache": "{{/unopened}}"])
    let run = try PrimedocCommand.run(["build", "docs-src", "--theme", theme.path], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.err.contains("\(theme.path)/page.mustache:1:"))
    #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "previous")
  }
}

@Suite struct PageContextTests {
  /// Every name the standard template uses is one `PageContext` provides (on the
  /// page, or on the chapters, headings and links it iterates over): a renamed field
  /// fails here, not as a silently empty page.
  @Test func theStandardTemplateNamesOnlyWhatThePageContextHolds() throws {
    let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Sources/PrimedocKit/Theme/page.mustache")
    let text = try String(contentsOf: template, encoding: .utf8)
    let names = Set(
      text.matches(of: /\{\{\{?([#^\/]?)([A-Za-z]+)\}?\}\}/).map { String($0.output.2) })
    let link = PageContext.Link(href: "", title: "")
    let sample = PageContext(
      title: "", bookTitle: "", root: "", href: "", content: "", isFirstPage: false, scenarios: "", verifiedCount: 0,
      chapters: [.init(href: "", title: "", depth: 0, current: false)],
      headings: [.init(id: "", text: "", level: 2)], previous: link, next: link)
    let provided = Set(
      [sample, sample.chapters[0], sample.headings[0], link].flatMap {
        Mirror(reflecting: $0).children.compactMap(\.label)
      })
    #expect(names.count > 10)
    #expect(names.subtracting(provided).isEmpty, "the template names what PageContext does not hold")
  }
}
