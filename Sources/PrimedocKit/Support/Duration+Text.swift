extension Duration {
  /// `30s`, `500ms`, `2m`, or a plain number of seconds; nil unless positive. How
  /// `timeout=` and `--timeout` are written.
  package init?(parsing text: String) {
    let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    let (number, scale) =
      units.first { text.hasSuffix($0.suffix) }.map { (text.dropLast($0.suffix.count), $0.seconds) }
      ?? (Substring(text), 1)
    guard let value = Double(number), value.isFinite, value > 0 else { return nil }
    self = .milliseconds(Int64((value * scale * 1000).rounded(.up)))
  }

  /// `10 s` or `500 ms`, as messages print it.
  var text: String { written(separator: " ") }

  /// `10s` or `500ms`, as an attribute is written.
  package var attributeText: String { written(separator: "") }

  private func written(separator: String) -> String {
    let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)\(separator)s" : "\(milliseconds)\(separator)ms"
  }
}
