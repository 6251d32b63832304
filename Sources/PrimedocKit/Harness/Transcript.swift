import PrimedocHarnessProtocol

/// The harness's standard output, cut at its marker lines.
///
/// A marker is `\u{1E}NONCE:KIND:INDEX` up to the end of its line (`HarnessMarker`). The nonce is
/// drawn afresh for every run and removed from the harness's environment before any
/// scenario runs, so scenario output cannot forge a boundary; a marker is
/// recognised anywhere in a line, so output without a final newline is kept whole.
struct Transcript {
  struct Marker: Equatable {
    var kind: HarnessMarker
    var index: Int
    /// Byte range of the marker line, newline included.
    var range: Range<Int>
  }

  let prefix: [UInt8]

  /// A fresh nonce: 128 random bits in hex, drawn for every run.
  static func makeNonce() -> String {
    (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8) }.joined()
  }

  init(nonce: String) {
    prefix = HarnessMarker.prefix(nonce: nonce)
  }

  /// Complete markers in `bytes` from `start`, and where scanning should resume:
  /// at an incomplete marker, or just before a possibly split prefix.
  func markers(in bytes: [UInt8], from start: Int) -> (markers: [Marker], resume: Int) {
    var found: [Marker] = []
    var position = start
    while let hit = Self.find(prefix, in: bytes, from: position) {
      guard let newline = bytes[(hit + prefix.count)...].firstIndex(of: UInt8(ascii: "\n")) else {
        return (found, hit)
      }
      let body = String(decoding: bytes[(hit + prefix.count)..<newline], as: UTF8.self)
      let parts = body.split(separator: ":")
      if parts.count == 2, let kind = HarnessMarker(rawValue: String(parts[0])), let index = Int(parts[1]) {
        found.append(Marker(kind: kind, index: index, range: hit..<(newline + 1)))
      }
      position = newline + 1
    }
    return (found, max(position, bytes.count - prefix.count + 1))
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var index = max(0, start)
    let last = haystack.count - needle.count
    while index <= last {
      guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
      if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
      index = candidate + 1
    }
    return nil
  }

  /// How the run ended, as far as the transcript tells.
  struct Reading {
    var outcomes: [Int: ScenarioOutcome] = [:]
    /// The scenario that began and never ended, with what it printed.
    var open: (index: Int, output: OutputBytes)?
    /// The harness reached the end of the page.
    var finished = false
    /// Traces printed after `trace` scenarios, by scenario.
    var traces: [Int: String] = [:]
  }

  /// Reads a whole transcript into per-scenario outcomes.
  func read(_ bytes: [UInt8]) -> Reading {
    var reading = Reading()
    var open: (index: Int, start: Int)?
    let all = markers(in: bytes, from: 0).markers
    for (position, marker) in all.enumerated() {
      let output = open.map { OutputBytes(Array(bytes[$0.start..<marker.range.lowerBound])) } ?? OutputBytes()
      // What the harness printed after this marker, up to the next one.
      func following() -> String {
        let end = position + 1 < all.count ? all[position + 1].range.lowerBound : bytes.count
        return String(decoding: bytes[marker.range.upperBound..<end], as: UTF8.self)
      }
      switch marker.kind {
      case .begin:
        open = (marker.index, marker.range.upperBound)
        continue
      case .end:
        reading.outcomes[marker.index] = .completed(output)
      case .failure, .error:
        reading.outcomes[marker.index] = .failed(output, model: marker.kind == .failure)
      case .skipped:
        reading.outcomes[marker.index] = .skipped
      case .trace:
        reading.traces[marker.index] = following()
      case .done:
        reading.finished = true
      }
      open = nil
    }
    if let open {
      reading.open = (open.index, OutputBytes(Array(bytes[open.start...])))
    }
    return reading
  }
}
