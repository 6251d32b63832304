/// Suggests the known word closest to a misspelt one ("did you mean `isolated`?"),
/// as swift-docc's `InvalidCodeBlockOption` checker does.
enum NearMiss {
  /// The candidate within edit distance 2 (or a third of the word) of `word`, if any.
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    let ranked = candidates.map { (candidate: $0, distance: editDistance(word, $0)) }
      .filter { $0.distance <= limit }
      .sorted { $0.distance < $1.distance }
    return ranked.first?.candidate
  }

  /// Levenshtein distance over characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      previous = current
    }
    return previous[b.count]
  }
}
