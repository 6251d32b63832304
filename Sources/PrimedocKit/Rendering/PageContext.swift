/// The values the page template may name: the list at the top of
/// `Theme/page.mustache`, as a type. swift-mustache reads it by reflection (nil
/// hides a section); a test checks that the standard template names nothing else.
struct PageContext {
  struct Link {
    var href: String
    var title: String
  }

  struct Chapter {
    var href: String
    var title: String
    /// Nesting in SUMMARY.md: 0 for a top-level chapter.
    var depth: Int
    var current: Bool
  }

  struct Heading {
    var id: String
    var text: String
    var level: Int
  }

  var title: String
  var bookTitle: String
  /// The way back to the site's root from this page (`""` or `"../"`).
  var root: String
  /// This page's path from the root (`mapping.html`): `index.html`, a copy of the
  /// first page, says the first page's.
  var href: String
  /// cmark's HTML with the scenarios drawn in.
  var content: String
  var isFirstPage: Bool
  /// `63 scenarios`: the whole book's.
  var scenarios: String
  var verifiedCount: Int
  var chapters: [Chapter]
  /// This page's h2 and h3.
  var headings: [Heading]
  var previous: Link?
  var next: Link?
}
