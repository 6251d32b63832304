import Foundation

/// Outcomes of page runs, stored under `.primedoc-cache/results/` by a key that
/// hashes everything a run depends on. An entry is written atomically and carries
/// a digest of its own content, so a truncated or altered file is detected and
/// ignored rather than trusted.
struct ResultCache: Sendable {
  var folder: URL

  /// The format of stored results: a change to the harness's shape or to what an
  /// entry holds must not reuse results. (The release is `PrimedocVersion`.)
  static let formatVersion = "primedoc-harness-4"

  struct Entry: Codable {
    var key: String
    var run: PageRun
  }

  private struct Envelope: Codable {
    var digest: String
    var entry: Data
  }

  /// The key of a page run: what its generated code is made from
  /// (`HarnessGenerator.inputs`: the scenarios, their modes, sessions, file and
  /// lines), timeouts, the model, the compiler and primedoc itself.
  static func key(inputs: String, extras: [String], model: String, compiler: String) -> String {
    Digest.sha256(([formatVersion, model, compiler, inputs] + extras).joined(separator: "\u{0}"))
  }

  private func file(for key: String) -> URL {
    folder.appendingPathComponent("results").appendingPathComponent(key + ".json")
  }

  func lookup(_ key: String) -> PageRun? {
    guard let data = try? Data(contentsOf: file(for: key)),
      let envelope = try? JSONDecoder().decode(Envelope.self, from: data),
      Digest.sha256(envelope.entry) == envelope.digest,
      let entry = try? JSONDecoder().decode(Entry.self, from: envelope.entry),
      entry.key == key
    else { return nil }
    return entry.run
  }

  func store(_ run: PageRun, for key: String) throws {
    let entry = try JSONEncoder().encode(Entry(key: key, run: run))
    let data = try JSONEncoder().encode(Envelope(digest: Digest.sha256(entry), entry: entry))
    let target = file(for: key)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: target, options: .atomic)
  }
}
