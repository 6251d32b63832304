import Crypto
import Foundation

/// What the site says a verified output rests on. Unlike the cache key, which
/// hashes the built library (its bytes hold this machine's paths), these name the
/// model's sources and the compiler's version, so that the same book, model and
/// toolchain give byte-identical sites on any machine: the committed `site/` can
/// be compared with a fresh build.
struct SiteProvenance: Sendable {
  /// `sources` and a SHA-256 over DocModel's Swift sources (paths and contents, in
  /// path order), or `library` and the built library's when its sources are elsewhere.
  var model: String
  /// `swiftc --version`, on one line.
  var toolchain: String
  var primedoc = "primedoc \(PrimedocVersion.current)"

  static func sourceDigest(_ folder: URL) -> String {
    let base = folder.resolvingSymlinksInPath().path
    let files = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".swift") }.sorted()
    var hasher = SHA256()
    for file in files {
      hasher.update(data: Data("\(file)\u{0}".utf8))
      hasher.update(data: (try? Data(contentsOf: URL(fileURLWithPath: base).appendingPathComponent(file))) ?? Data())
    }
    return Digest.hex(hasher.finalize())
  }
}
