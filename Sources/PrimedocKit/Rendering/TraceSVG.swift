import PrimedocHarnessProtocol

/// A trace drawn as a sequence diagram: a lifeline per component, in the order
/// they first appear, and an arrow per call, top to bottom, labelled with the
/// function and its result; failed calls (an errno, an oops, a signal) in red.
/// Plain SVG written here: no script, no library, no network.
enum TraceSVG {

  /// Six lifelines fit the text column (52rem); more scroll sideways.
  static let column = 130
  static let row = 26
  static let top = 44
  static let limit = 80
  /// The width of one character of a 12px monospace label (the stylesheet's), to
  /// keep labels inside the picture.
  static let characterWidth = 7.3

  static func render(_ text: String) -> String {
    var calls = TraceLine.decode(text)
    let omitted = max(0, calls.count - limit)
    calls = Array(calls.prefix(limit))
    var lifelines: [String] = []
    for call in calls {
      for name in [call.caller, call.callee] where !lifelines.contains(name) { lifelines.append(name) }
    }
    guard !calls.isEmpty else { return "" }
    let width = lifelines.count * column
    let height = top + calls.count * row + 20
    func x(_ name: String) -> Int { (lifelines.firstIndex(of: name) ?? 0) * column + column / 2 }

    var svg = "<svg class=\"trace\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
    svg += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Sequence diagram of the calls\">\n"
    svg +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"context-stroke\"/></marker></defs>\n"
    for name in lifelines {
      let center = x(name)
      svg +=
        "<rect class=\"lifeline-box\" x=\"\(center - column / 2 + 6)\" y=\"4\" width=\"\(column - 12)\" height=\"24\" rx=\"4\"/>"
      svg += "<text class=\"lifeline-name\" x=\"\(center)\" y=\"20\" text-anchor=\"middle\">\(HTML.escape(name))</text>"
      svg += "<line class=\"lifeline\" x1=\"\(center)\" y1=\"28\" x2=\"\(center)\" y2=\"\(height - 4)\"/>\n"
    }
    for (index, call) in calls.enumerated() {
      let y = top + index * row + 10
      let from = x(call.caller)
      let to = x(call.callee)
      let style = call.failed ? "call failed" : "call"
      let text = call.function + (call.result.isEmpty || call.result == "ok" ? "" : " = " + call.result)
      svg +=
        "<g class=\"\(style)\"><line x1=\"\(from)\" y1=\"\(y)\" x2=\"\(to)\" y2=\"\(y)\" marker-end=\"url(#arrow)\"/>"
      svg +=
        "<text x=\"\(labelCenter(from: from, to: to, characters: text.count, width: width))\" y=\"\(y - 6)\" text-anchor=\"middle\">\(HTML.escape(text))</text></g>\n"
    }
    if omitted > 0 {
      svg += "<text class=\"omitted\" x=\"4\" y=\"\(height - 6)\">… \(omitted) more calls</text>\n"
    }
    return svg + "</svg>"
  }

  /// Over the middle of its arrow, moved in where a long label would leave the picture.
  static func labelCenter(from: Int, to: Int, characters: Int, width: Int) -> Int {
    let half = Int((Double(characters) * characterWidth / 2).rounded(.up)) + 4
    return min(max((from + to) / 2, half), max(width - half, half))
  }
}
