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
    "window.PRIMEDOC_SEARCH = " + javaScriptLiteral(entries, empty: "[]") + ";\n"
  }

  /// `value` as a JavaScript literal (JSON) to put in a script: `</` is escaped,
  /// so no text in it can end the script early.
  static func javaScriptLiteral(_ value: some Encodable, empty: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? empty
    return json.replacingOccurrences(of: "</", with: "<\\/")
  }
}
