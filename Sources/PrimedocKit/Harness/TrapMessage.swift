import Foundation

/// What a trapped process said about its trap, as one scenario's last output
/// lines: the Swift runtime's message (`Fatal error: Index out of range`) without
/// the `file:line: ` it starts with (a path inside the standard library, which
/// changes with every toolchain), else the backtracer's headline (`Swift runtime
/// failure: arithmetic overflow`, for a check that prints no message), else how
/// the process ended (`ending`).
enum TrapMessage {
  static func extract(standardError: String, ending: String) -> String {
    let lines = standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let banner = lines.firstIndex { $0.hasPrefix("*** ") || $0.hasPrefix("💣") } ?? lines.count
    let message = lines[..<banner].filter { !$0.isEmpty }.prefix(20).map { $0.droppingLocation(numbers: 1) }
    if !message.isEmpty { return message.joined(separator: "\n") }
    if let headline = lines[banner...].first(where: { $0.hasPrefix("*** ") && !$0.hasPrefix("*** Signal") }) {
      var text = String(headline.dropFirst(4))
      if text.hasSuffix(" ***") { text.removeLast(4) }
      if let address = text.range(of: " at 0x") { text = String(text[..<address.lowerBound]) }
      return text
    }
    return ending
  }
}
