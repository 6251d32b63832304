/// Anchor ids for a page's headings, as GitHub computes them (github-slugger):
/// lower-cased, every character that is not a letter, mark, digit, `-` or `_`
/// dropped, each space a `-`; made unique within the page with `-1`, `-2`… So
/// `## dma_buf_mmap()` is `#dma_buf_mmap` here as on GitHub and in mdBook, and a
/// link written for one works on the others.
///
/// A heading that ends with `{#custom-id}` gets that id. Custom ids and the
/// page's scenario anchors (`scenario-NAME`) are taken first, so no computed id
/// can take them: a heading "Scenario demo" beside a scenario `demo` is
/// `#scenario-demo-1`.
enum HeadingIDs {
  static func assign(_ headings: [Heading], reserved: Set<String>) -> [String] {
    var taken: [String: Int] = [:]
    for id in reserved { taken[id] = 0 }
    var ids: [String?] = headings.map(\.customID)
    for index in ids.indices {
      if let custom = ids[index] { ids[index] = unique(custom, in: &taken) }
    }
    return zip(headings, ids).map { heading, id in id ?? unique(slug(heading.text), in: &taken) }
  }

  /// GitHub's slug of a heading's text.
  static func slug(_ text: String) -> String {
    var slug = ""
    for scalar in text.lowercased().unicodeScalars {
      switch scalar.properties.generalCategory {
      case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
        .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
        slug.unicodeScalars.append(scalar)
      default:
        if scalar == " " || scalar == "-" { slug.append("-") }
      }
    }
    return slug
  }

  /// `base`, or the first of `base-1`, `base-2`… not yet taken; then taken.
  private static func unique(_ base: String, in taken: inout [String: Int]) -> String {
    var id = base
    while let count = taken[base], taken[id] != nil {
      taken[base] = count + 1
      id = "\(base)-\(count + 1)"
    }
    taken[id] = 0
    return id
  }
}

extension PageScenarios {
  /// Its headings' ids, after its scenarios' anchors: what links to the page may
  /// name (`LinkChecker`) and what the site gives each heading (`SiteRenderer`).
  var headingIDs: [String] { HeadingIDs.assign(page.document.headings, reserved: Set(scenarios.map(\.anchor))) }
}
