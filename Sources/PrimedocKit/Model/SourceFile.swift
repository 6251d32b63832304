import Foundation

/// A Markdown file read from the book, checked to be text primedoc can work with.
struct SourceFile: Sendable {
  /// The path as diagnostics show it (`docs-src/intro.md`).
  var displayPath: String
  /// The bytes as they are on disk; `update` rewrites them byte for byte.
  var bytes: [UInt8]
  /// The same content as a string.
  var text: String

  /// Reads `url`, rejecting files that are not UTF-8 or that hold a NUL byte, with
  /// the line of the first offending byte.
  static func read(_ url: URL, displayPath: String) throws(PrimedocError) -> SourceFile {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw PrimedocError(
        SourceLocation(file: displayPath, line: 1), "cannot read the file: \(error.localizedDescription)")
    }
    let bytes = [UInt8](data)
    if let nul = bytes.firstIndex(of: 0) {
      throw PrimedocError(
        SourceLocation(file: displayPath, line: lineNumber(ofByte: nul, in: bytes)),
        "the file holds a NUL byte; a Markdown page must be text")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let offset = firstInvalidUTF8Offset(bytes)
      throw PrimedocError(
        SourceLocation(file: displayPath, line: lineNumber(ofByte: offset, in: bytes)),
        "the file is not valid UTF-8 (byte \(offset)); save it as UTF-8")
    }
    return SourceFile(displayPath: displayPath, bytes: bytes, text: text)
  }

  private static func lineNumber(ofByte offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
  }

  /// The offset of the first byte that does not start or continue a valid UTF-8
  /// sequence: decoding prefix by prefix would be quadratic, so this walks once.
  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return bytes.count
      case .error: return offset
      }
    }
  }
}
