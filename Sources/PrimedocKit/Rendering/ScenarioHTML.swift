/// A scenario as a reader sees it: its code, a "show full program" disclosure with
/// the hidden setup and the shared blocks before it, a copy button, and its output
/// under a badge that says what was verified, with the provenance behind it.
enum ScenarioHTML {
  static func render(
    _ scenario: Scenario, in page: PageScenarios, result: ScenarioResult, provenance: SiteProvenance,
    highlighter: HighlightMemo
  ) -> String {
    if scenario.attributes.hidden { return "" }
    let anchor = HTML.escape(scenario.anchor)
    let program = page.program(for: scenario)
    var html = "<figure class=\"scenario\" id=\"\(anchor)\">\n"
    html += "<pre class=\"code\"><code class=\"language-swift\">\(highlighter.html(scenario.code))</code></pre>\n"
    html +=
      "<div class=\"scenario-tools\"><a class=\"scenario-link\" href=\"#\(anchor)\">\(HTML.escape(scenario.name))</a>"
    html += "<button type=\"button\" class=\"copy\" data-copy=\"\(anchor)-program\">Copy program</button></div>\n"
    html += "<details class=\"full-program\"><summary>Show full program</summary>"
    html +=
      "<pre><code id=\"\(anchor)-program\" class=\"language-swift\">\(fullProgramHTML(program, highlighter))</code></pre></details>\n"
    html += output(of: scenario, result: result, provenance: provenance)
    if let trace = result.trace, !trace.isEmpty {
      html += "<details class=\"trace\" open><summary>Trace: the calls between components</summary>"
      html += "<div class=\"trace-diagram\">\(TraceSVG.render(trace))</div></details>\n"
    }
    return html + "</figure>"
  }

  /// The output under its badge, with the provenance behind the badge; nothing for a
  /// scenario that only compiles.
  private static func output(
    of scenario: Scenario, result: ScenarioResult, provenance: SiteProvenance
  )
    -> String
  {
    guard let badge = Badge(scenario, result) else { return "" }
    let failed = badge == .failed
    // A failed scenario (only with `build --keep-going`) shows what it printed and
    // why it failed, never the output it claims.
    let shown = failed ? result.output?.text ?? "" : scenario.expectedOutput ?? result.output?.text ?? ""
    // The hash names what the verdict is about: the program and the output it claims.
    var facts = [
      ("scenario hash", result.hash),
      ("model", "DocModel \(provenance.model)"), ("toolchain", provenance.toolchain), ("primedoc", provenance.primedoc),
    ]
    // Printed the same on a real kernel too (`build --real-kernel`).
    if let kernel = result.realKernel, !failed { facts.insert(("also verified on", kernel), at: 1) }
    let tooltip = HTML.escape(facts.map { "\($0): \($1)" }.joined(separator: "\n"))
    var html = "<div class=\"output \(badge.style)\"><details class=\"provenance\">"
    let also = result.realKernel.map { " · also on \(HTML.escape($0))" } ?? ""
    html += "<summary class=\"badge\" title=\"\(tooltip)\">\(badge.label)\(failed ? "" : also)</summary><dl>"
    html += facts.map { "<dt>\($0)</dt><dd>\(HTML.escape($1))</dd>" }.joined() + "</dl></details>"
    if failed, let diagnostic = result.diagnostic {
      html += "<p class=\"failure\">\(HTML.escape(diagnostic.message))</p>"
    }
    return html
      + (shown.isEmpty
        ? "<p class=\"no-output\">printed nothing</p></div>\n"
        : "<pre><code>\(HTML.escapeLinkingURLs(shown))</code></pre></div>\n")
  }

  /// `Program.text` highlighted block by block: a page's later programs repeat its
  /// earlier blocks, and each is parsed once.
  private static func fullProgramHTML(_ program: Program, _ highlighter: HighlightMemo) -> String {
    var html = program.header.isEmpty ? "" : highlighter.html(program.header.trimmingSuffix("\n")) + "\n"
    for block in program.blocks {
      html +=
        "\n<span class=\"com\">\(HTML.escape(Program.comment(for: block)))</span>\n" + highlighter.html(block.code)
    }
    return html
  }
}

/// What a scenario's output is marked with on the site.
enum Badge: Equatable {
  case verified(label: String)
  case unverified
  case failed

  /// Nil for a scenario that is only compiled (`no-run`): it has no output to mark.
  init?(_ scenario: Scenario, _ result: ScenarioResult) {
    switch result.status {
    case .verified where scenario.mode == .compileFail: self = .verified(label: "compile-fail verified")
    case .verified where scenario.mode == .expectFailure: self = .verified(label: "expected failure verified")
    case .verified: self = .verified(label: "verified")
    case .unverified: self = .unverified
    case .failed, .notRun: self = .failed
    case .compiled: return nil
    }
  }

  var label: String {
    switch self {
    case .verified(let label): label
    case .unverified: "ran, not verified"
    case .failed: "failed"
    }
  }

  /// The CSS class the theme styles.
  var style: String {
    switch self {
    case .verified: "verified"
    case .unverified: "unverified"
    case .failed: "failed"
    }
  }
}
