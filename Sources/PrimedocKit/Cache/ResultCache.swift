import Crypto
import Foundation

/// Outcomes of page runs, stored under `.primedoc-cache/results/` by a key that
/// hashes everything a run depends on. An entry is written atomically and carries
/// a digest of its own content, so a truncated or altered file is detected and
/// ignored rather than trusted.
struct ResultCache: Sendable {
  var folder: URL

  /// primedoc's own version: a change to the harness's shape must not reuse results.
  static let formatVersion = "primedoc-0.1-harness-2"

  struct Entry: Codable {
    var key: String
    var run: PageRun
  }

  private struct Envelope: Codable {
    var digest: String
    var entry: Data
  }

  /// The key of a page run: its generated code (which holds the scenarios, their
  /// file and lines), the compile-fail sources, timeouts, the model, the compiler
  /// and primedoc itself.
  static func key(pageSource: String, extras: [String], model: String, compiler: String) -> String {
    digest(([formatVersion, model, compiler, pageSource] + extras).joined(separator: "\u{0}"))
  }

  static func digest(_ text: String) -> String { digest(Data(text.utf8)) }

  static func digest(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

  /// Lower-case hex of a digest. (`String(format:)` per byte was a third of a
  /// warm check at 1000 scenarios.)
  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0xf)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  private func file(for key: String) -> URL {
    folder.appendingPathComponent("results").appendingPathComponent(key + ".json")
  }

  func lookup(_ key: String) -> PageRun? {
    guard let data = try? Data(contentsOf: file(for: key)),
      let envelope = try? JSONDecoder().decode(Envelope.self, from: data),
      Self.digest(envelope.entry) == envelope.digest,
      let entry = try? JSONDecoder().decode(Entry.self, from: envelope.entry),
      entry.key == key
    else { return nil }
    return entry.run
  }

  func store(_ run: PageRun, for key: String) throws {
    let entry = try JSONEncoder().encode(Entry(key: key, run: run))
    let data = try JSONEncoder().encode(Envelope(digest: Self.digest(entry), entry: entry))
    let target = file(for: key)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: target, options: .atomic)
  }
}
