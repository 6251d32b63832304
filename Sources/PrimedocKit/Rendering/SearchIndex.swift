import Foundation

/// The search index: one entry per page heading and per scenario, written as a
/// script (`search-index.js`) rather than JSON, so that search works from
/// `file://`, where pages cannot fetch files.
enum SearchIndex {
  struct Entry: Encodable {
    var title: String
    var page: String
    var url: String
  }

  static func script(_ entries: [Entry]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = (try? encoder.encode(entries)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    // `</` cannot end the script early inside a string literal once escaped.
    return "window.PRIMEDOC_SEARCH = " + json.replacingOccurrences(of: "</", with: "<\\/") + ";\n"
  }
}
