import Crypto
import Foundation

/// What the site says a verified output rests on. Unlike the cache key, which
/// hashes the built library (its bytes hold this machine's paths), these name the
/// model's sources and the compiler's version, so that the same book, model and
/// toolchain give byte-identical sites on any machine: the committed `site/` can
/// be compared with a fresh build.
struct SiteProvenance: Sendable {
  /// `sources` and a SHA-256 over the documented library's Swift sources
  /// (`sourceDigest`), or `library` and the built library's when its sources are elsewhere.
  var model: String
  /// `swiftc --version`, on one line.
  var toolchain: String
  var primedoc = "primedoc \(PrimedocVersion.current)"

  /// SHA-256 over the Swift files of `folders`: each file's path (from the folders'
  /// parent, so `DocModel/kernel/kernel.swift`) and contents, in path order.
  static func sourceDigest(_ folders: [URL]) -> String {
    var files: [(name: String, url: URL)] = []
    for folder in folders {
      let base = folder.resolvingSymlinksInPath()
      for file in FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String] ?? []
      where file.hasSuffix(".swift") {
        files.append((base.lastPathComponent + "/" + file, base.appendingPathComponent(file)))
      }
    }
    var hasher = SHA256()
    for file in files.sorted(by: { $0.name < $1.name }) {
      hasher.update(data: Data("\(file.name)\u{0}".utf8))
      hasher.update(data: (try? Data(contentsOf: file.url)) ?? Data())
    }
    return Digest.hex(hasher.finalize())
  }
}
