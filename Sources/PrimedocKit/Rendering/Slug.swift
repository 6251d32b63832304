/// Anchor ids for headings: lower-case letters and digits joined by hyphens, made
/// unique within a page with `-1`, `-2`… (as GitHub and mdBook do).
struct Slugger {
  private var used: [String: Int] = [:]

  mutating func slug(_ text: String) -> String {
    var words: [String] = []
    var word = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        word.append(character)
      } else if !word.isEmpty {
        words.append(word)
        word = ""
      }
    }
    if !word.isEmpty { words.append(word) }
    let base = words.isEmpty ? "section" : words.joined(separator: "-")
    let count = used[base, default: 0]
    used[base] = count + 1
    return count == 0 ? base : "\(base)-\(count)"
  }
}
