import Crypto
import Foundation

/// SHA-256 digests as lower-case hex: cache keys, scenario hashes, the model's
/// fingerprint.
enum Digest {
  static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

  static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

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
}
