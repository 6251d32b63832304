import Foundation
import Testing

@testable import PrimedocKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct ServeTests {
  static func page(printing text: String) -> String {
    "# A\n\n```swift scenario name=greet\nprint(\"\(text)\")\n```\n\n```output\n\(text)\n```\n"
  }

  private func fetch(_ url: URL) async throws -> (status: Int, body: String) {
    let (data, response) = try await URLSession.shared.data(from: url)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }

  /// Polls `body` every 200 ms until it returns a value, for at most `seconds`.
  private func eventually<T>(_ seconds: Double, _ body: () async throws -> T?) async throws -> T? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if let value = try? await body() { return value }
      try await Task.sleep(for: .milliseconds(200))
    }
    return nil
  }

  @Test func servesTheSiteAndServesANewOutputAfterAnEdit() async throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("a.md"), "a.md": Self.page(printing: "before")])
    let process = try PrimedocCommand.process(["serve", "docs-src", "--port", "0"], in: fixture.root)
    let out = Pipe()
    // What the server prints on standard output, read as it comes.
    let lines = RecordingConsole()
    process.standardOutput = out
    out.fileHandleForReading.readabilityHandler = {
      lines.console.write(String(decoding: $0.availableData, as: UTF8.self))
    }
    try process.run()
    defer {
      process.interrupt()
      process.waitUntilExit()
    }

    let base = try #require(
      try await eventually(120) { () -> URL? in
        lines.out.split(separator: "\n").first { $0.hasPrefix("serving http://127.0.0.1:") }
          .flatMap { URL(string: String($0.dropFirst("serving ".count))) }
      }, "the server printed its address: \(lines.out)")

    let first = try await fetch(base.appendingPathComponent("a.html"))
    #expect(first.status == 200)
    #expect(first.body.contains("<pre><code>before\n</code></pre>"))
    #expect(
      first.body.contains("<script src=\"/__primedoc/reload.js\"></script>\n</body>"), "served pages reload themselves")
    #expect(try await fetch(base.appendingPathComponent("__primedoc/status")).body == "{\"build\":1}")
    #expect(try await fetch(base.appendingPathComponent("../docs-src/a.md")).status == 404)

    // A scenario whose output no longer matches: the last good site stays, and the status says why.
    try fixture.write(
      "a.md", Self.page(printing: "after").replacingOccurrences(of: "after\n```\n", with: "wrong\n```\n"))
    let failing = try await eventually(60) { () -> String? in
      let status = try await fetch(base.appendingPathComponent("__primedoc/status")).body
      return status.contains("failure") ? status : nil
    }
    #expect(
      failing?.contains("a.md:7: error: output of scenario 'greet' differs") == true, "\(failing ?? "no failure")")
    #expect(try await fetch(base.appendingPathComponent("a.html")).body.contains("<pre><code>before\n</code></pre>"))

    try fixture.write("a.md", Self.page(printing: "after"))
    let updated = try await eventually(60) { () -> String? in
      let page = try await fetch(base.appendingPathComponent("a.html")).body
      return page.contains("<pre><code>after\n</code></pre>") ? page : nil
    }
    #expect(updated != nil, "the edited scenario's new output is served")
    #expect(try await fetch(base.appendingPathComponent("__primedoc/status")).body == "{\"build\":2}")
  }
}
