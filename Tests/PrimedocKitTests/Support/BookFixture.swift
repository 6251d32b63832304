import Foundation
import Synchronization
import Testing

@testable import PrimedocKit

/// A book written to a fresh temporary folder, from files given in code or copied
/// from `Tests/PrimedocKitTests/Fixtures/NAME`.
struct BookFixture {
  let root: URL
  var book: URL { root.appendingPathComponent("docs-src") }
  var cache: URL { root.appendingPathComponent(".primedoc-cache") }

  /// `files` maps paths inside `docs-src/` to their content.
  init(_ files: [String: String]) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("primedoc-test-\(UUID().uuidString)")
    for (path, content) in files {
      try write(path, content)
    }
  }

  /// Copies the fixture book `Fixtures/NAME` (a folder holding `docs-src/`).
  init(named name: String) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("primedoc-test-\(UUID().uuidString)")
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures").appendingPathComponent(name)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: source.appendingPathComponent("docs-src"), to: book)
  }

  func write(_ path: String, _ content: String) throws {
    try write(path, Data(content.utf8))
  }

  func write(_ path: String, _ data: Data) throws {
    let file = book.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
  }

  func read(_ path: String) throws -> Data {
    try Data(contentsOf: book.appendingPathComponent(path))
  }

  /// The options a test check uses: this fixture's cache, the test bundle's model.
  func options(
    useCache: Bool = true, strict: Bool = false, timeout: Duration = .seconds(10), outputCap: Int = 1 << 20
  ) throws -> CheckOptions {
    CheckOptions(
      toolchain: try Toolchain.locate(), cacheFolder: cache, jobs: 2, useCache: useCache, strict: strict,
      defaultTimeout: timeout, outputCap: outputCap, workingDirectory: root)
  }

  func request(_ options: CheckOptions? = nil) throws -> BookRequest {
    var request = BookRequest(path: book.path, options: try options ?? self.options())
    request.location.display = "docs-src"
    return request
  }

  func check(_ options: CheckOptions? = nil) async throws -> CheckReport {
    try await Checker(options: options ?? self.options()).check(BookLocation(url: book, display: "docs-src"))
  }

  /// The problems loading reports, as printed.
  func loadErrors(strict: Bool = false) throws -> [String] {
    let checker = Checker(options: try options(strict: strict))
    do {
      _ = try checker.load(BookLocation(url: book, display: "docs-src"))
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }
}

/// A summary listing `pages` in order.
func summary(_ pages: String...) -> String {
  "# Summary\n\n" + pages.map { "- [\($0)](\($0))\n" }.joined()
}

/// A console that keeps what it was given.
final class RecordingConsole: Sendable {
  private let lines = Mutex<(out: String, err: String)>(("", ""))
  var out: String { lines.withLock { $0.out } }
  var err: String { lines.withLock { $0.err } }

  var console: Console {
    Console(
      write: { text in self.lines.withLock { $0.out += text } },
      writeError: { text in self.lines.withLock { $0.err += text } }, isTerminal: false)
  }
}

extension CheckReport {
  func result(_ name: String) -> ScenarioResult? { results.first { $0.name == name } }
}

/// A suite that checks one fixture book once and reads the verdict of each
/// scenario it is about.
protocol FixtureBookSuite {
  static var report: Task<CheckReport, any Error> { get }
}

extension FixtureBookSuite {
  func result(_ name: String) async throws -> ScenarioResult {
    try #require(try await Self.report.value.result(name), "no scenario \(name)")
  }
}
