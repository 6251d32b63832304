/// A unified diff between two lists of lines, as `diff -u` prints it, so that a
/// mismatch reads the way every developer already reads one.
enum UnifiedDiff {
  static let context = 3
  /// Above this many cells the LCS table is not built; the diff then shows the
  /// whole of both sides from the first differing line.
  static let tableLimit = 4_000_000

  enum Edit: Equatable {
    case same(String)
    case removed(String)
    case added(String)
  }

  static func render(expected: [String], actual: [String], expectedLabel: String, actualLabel: String) -> [String] {
    let edits = self.edits(expected, actual)
    var out = ["--- \(expectedLabel)", "+++ \(actualLabel)"]
    // Indices of changed edits, grouped into hunks with `context` lines around.
    let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
    var hunkStart = 0
    while hunkStart < changed.count {
      var hunkEnd = hunkStart
      while hunkEnd + 1 < changed.count, changed[hunkEnd + 1] - changed[hunkEnd] <= 2 * context { hunkEnd += 1 }
      let lower = max(0, changed[hunkStart] - context)
      let upper = min(edits.count, changed[hunkEnd] + context + 1)
      let before = edits[..<lower]
      let oldStart = before.filter { if case .added = $0 { false } else { true } }.count
      let newStart = before.filter { if case .removed = $0 { false } else { true } }.count
      let slice = edits[lower..<upper]
      let oldCount = slice.filter { if case .added = $0 { false } else { true } }.count
      let newCount = slice.filter { if case .removed = $0 { false } else { true } }.count
      out.append(
        "@@ -\(oldStart + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newStart + (newCount > 0 ? 1 : 0)),\(newCount) @@")
      for edit in slice {
        switch edit {
        case .same(let line): out.append(" " + line)
        case .removed(let line): out.append("-" + line)
        case .added(let line): out.append("+" + line)
        }
      }
      hunkStart = hunkEnd + 1
    }
    return out
  }

  /// The shortest edit script by longest common subsequence.
  static func edits(_ old: [String], _ new: [String]) -> [Edit] {
    let prefix = zip(old, new).prefix { $0 == $1 }.count
    let a = Array(old[prefix...])
    let b = Array(new[prefix...])
    var edits = old[..<prefix].map(Edit.same)
    guard (a.count + 1) * (b.count + 1) <= tableLimit else {
      return edits + a.map(Edit.removed) + b.map(Edit.added)
    }
    // lcs[i][j]: length of the LCS of a[i...] and b[j...].
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        edits.append(.same(a[i]))
        i += 1
        j += 1
      } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
        edits.append(.removed(a[i]))
        i += 1
      } else {
        edits.append(.added(b[j]))
        j += 1
      }
    }
    return edits
  }
}
