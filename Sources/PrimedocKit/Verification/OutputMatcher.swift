/// Compares a scenario's output with its expected block: line by line after
/// trimming trailing white space (and trailing empty lines), where an expected line
/// `...` alone matches any run of lines, as doctest's ELLIPSIS does.
enum OutputMatcher {
  static let ellipsis = "..."

  static func matches(expected: String, actual: String) -> Bool {
    matches(expected: lines(expected), actual: lines(actual))
  }

  /// The lines compared: trailing white space trimmed, trailing empty lines dropped.
  static func lines(_ text: String) -> [String] {
    var lines = text.lineSlices.map {
      String($0.trimmingTrailingSpace())
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  static func matches(expected: [String], actual: [String]) -> Bool {
    guard expected.contains(ellipsis) else { return expected == actual }
    // reachable[j]: the expected lines so far can match exactly actual[..<j].
    var reachable = [true] + Array(repeating: false, count: actual.count)
    for line in expected {
      var next = Array(repeating: false, count: actual.count + 1)
      if line == ellipsis {
        var any = false
        for j in 0...actual.count {
          any = any || reachable[j]
          next[j] = any
        }
      } else {
        for j in 0..<actual.count where reachable[j] && actual[j] == line {
          next[j + 1] = true
        }
      }
      reachable = next
    }
    return reachable[actual.count]
  }
}
