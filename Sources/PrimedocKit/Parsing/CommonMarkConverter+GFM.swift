import CCmark

#if canImport(Glibc)
import Glibc
#endif

/// GitHub's inline and block extensions that libcmark lacks, as changes to the
/// tree cmark parsed, before it renders: extended autolinks, strikethrough, task
/// list items and callouts (`> [!NOTE]`). Pipe tables are `PipeTable`.
extension CommonMarkConverter {
  /// `autolinks: false` leaves bare URLs and addresses text, as CommonMark says
  /// they are (its examples 601, 605, 607, 610 and 611 are where the two differ).
  static func applyExtensions(_ root: OpaquePointer, autolinks: Bool, footnotes: inout Footnotes) {
    // cmark leaves a text in pieces where a delimiter found no partner (`a_b`).
    cmark_consolidate_text_nodes(root)
    if !footnotes.definitions.isEmpty { footnoteReferences(root, &footnotes) }
    if autolinks { autolink(root) }
    var inlineContainers: [OpaquePointer] = []
    var items: [OpaquePointer] = []
    var quotes: [OpaquePointer] = []
    walk(root) { event, node in
      guard event == CMARK_EVENT_ENTER else { return }
      switch cmark_node_get_type(node) {
      case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK,
        CMARK_NODE_IMAGE:
        inlineContainers.append(node)
      case CMARK_NODE_ITEM: items.append(node)
      case CMARK_NODE_BLOCK_QUOTE: quotes.append(node)
      default: break
      }
    }
    // Mutate after the walk: cmark allows it during iteration only at some events.
    for container in inlineContainers { strikethrough(in: container) }
    for item in items { taskListItem(item) }
    for quote in quotes { callout(quote) }
  }

  // MARK: - Footnote references

  /// `[^label]` in text, for a label with a definition: its numbered link.
  private static func footnoteReferences(_ root: OpaquePointer, _ footnotes: inout Footnotes) {
    var texts: [OpaquePointer] = []
    walk(root) { event, node in
      if event == CMARK_EVENT_ENTER, cmark_node_get_type(node) == CMARK_NODE_TEXT { texts.append(node) }
    }
    for node in texts {
      let text = string(cmark_node_get_literal(node))
      guard text.contains("[^") else { continue }
      var rest = Substring(text)
      var pieces: [(text: String, html: String?)] = []
      while let open = rest.range(of: "[^"), let close = rest[open.upperBound...].firstIndex(of: "]") {
        let label = String(rest[open.upperBound..<close])
        // Only a defined label has a number, and no definition's is empty or holds a space.
        guard let number = footnotes.number(for: label) else {
          pieces.append((String(rest[..<open.upperBound]), nil))
          rest = rest[open.upperBound...]
          continue
        }
        pieces.append((String(rest[..<open.lowerBound]), Footnotes.reference(number)))
        rest = rest[rest.index(after: close)...]
      }
      guard pieces.contains(where: { $0.html != nil }) else { continue }
      for piece in pieces {
        insertText(piece.text, before: node)
        if let html = piece.html, let reference = cmark_node_new(CMARK_NODE_HTML_INLINE) {
          _ = cmark_node_set_literal(reference, html)
          _ = cmark_node_insert_before(node, reference)
        }
      }
      insertText(String(rest), before: node)
      cmark_node_free(node)
    }
  }

  // MARK: - Autolinks

  /// Links in text outside links and images (`Autolink`), as cmark link nodes.
  private static func autolink(_ root: OpaquePointer) {
    var texts: [OpaquePointer] = []
    var links = 0
    walk(root) { event, node in
      let type = cmark_node_get_type(node)
      if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { links += event == CMARK_EVENT_ENTER ? 1 : -1 }
      if type == CMARK_NODE_TEXT, links == 0 { texts.append(node) }
    }
    for node in texts {
      let text = string(cmark_node_get_literal(node))
      guard text.contains(":") || text.contains("@") || text.lowercased().contains("www."),
        case let matches = Autolink.matches(in: text), !matches.isEmpty
      else { continue }
      let scalars = Array(text.unicodeScalars)
      func piece(_ range: Range<Int>) -> String {
        var part = ""
        part.unicodeScalars.append(contentsOf: scalars[range])
        return part
      }
      var position = 0
      for match in matches {
        insertText(piece(position..<match.range.lowerBound), before: node)
        if let link = cmark_node_new(CMARK_NODE_LINK), let label = cmark_node_new(CMARK_NODE_TEXT) {
          _ = cmark_node_set_url(link, match.url)
          _ = cmark_node_set_literal(label, piece(match.range))
          _ = cmark_node_append_child(link, label)
          _ = cmark_node_insert_before(node, link)
        }
        position = match.range.upperBound
      }
      insertText(piece(position..<scalars.count), before: node)
      cmark_node_free(node)
    }
  }

  private static func insertText(_ text: String, before node: OpaquePointer) {
    guard !text.isEmpty, let piece = cmark_node_new(CMARK_NODE_TEXT) else { return }
    _ = cmark_node_set_literal(piece, text)
    _ = cmark_node_insert_before(node, piece)
  }

  // MARK: - Strikethrough

  /// `~text~` and `~~text~~` (cmark-gfm's rule): a run of one or two tildes that
  /// may open (left-flanking) pairs with the next run of the same length that may
  /// close (right-flanking); longer runs are text. What lies between becomes `<del>`.
  private static func strikethrough(in container: OpaquePointer) {
    var child = cmark_node_first_child(container)
    var sawTilde = false
    while let node = child {
      child = cmark_node_next(node)
      if cmark_node_get_type(node) == CMARK_NODE_TEXT, string(cmark_node_get_literal(node)).contains("~") {
        splitTildeRuns(node)
        sawTilde = true
      }
    }
    guard sawTilde else { return }
    var openers: [(node: OpaquePointer, length: Int)] = []
    child = cmark_node_first_child(container)
    while let node = child {
      child = cmark_node_next(node)
      guard let length = tildeRun(node) else { continue }
      let (before, after) = (character(before: node), character(after: node))
      let canOpen = isLeftFlanking(before: before, after: after)
      let canClose = isLeftFlanking(before: after, after: before)  // right-flanking is left-flanking mirrored
      if canClose, let match = openers.lastIndex(where: { $0.length == length }) {
        let opener = openers[match].node
        openers.removeSubrange(match...)
        wrap(from: opener, to: node, enter: "<del>", exit: "</del>")
      } else if canOpen {
        openers.append((node, length))
      }
    }
  }

  /// Splits a text node so that each run of one or two tildes is a text node of its own.
  private static func splitTildeRuns(_ node: OpaquePointer) {
    let text = string(cmark_node_get_literal(node))
    var parts: [String] = []
    var current = ""
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "~" {
        let run = text[index...].prefix { $0 == "~" }
        if run.count <= 2 {
          if !current.isEmpty { parts.append(current) }
          parts.append(String(run))
          current = ""
        } else {
          current += run
        }
        index = run.endIndex
      } else {
        current.append(text[index])
        index = text.index(after: index)
      }
    }
    if !current.isEmpty { parts.append(current) }
    guard parts.count > 1 else { return }
    for part in parts {
      guard let piece = cmark_node_new(CMARK_NODE_TEXT) else { continue }
      _ = cmark_node_set_literal(piece, part)
      _ = cmark_node_insert_before(node, piece)
    }
    cmark_node_free(node)
  }

  /// The length of a text node that is a run of one or two tildes.
  private static func tildeRun(_ node: OpaquePointer) -> Int? {
    guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { return nil }
    let text = string(cmark_node_get_literal(node))
    return (text == "~" || text == "~~") ? text.count : nil
  }

  /// The character beside a node among its siblings: a text's last (or first), a
  /// line break's newline, a space at the edge of the container, and for any
  /// other inline (emphasis, code, a link) the punctuation its markup ends with.
  private static func character(before node: OpaquePointer) -> Character {
    guard let previous = cmark_node_previous(node) else { return " " }
    return neighbour(previous, last: true)
  }

  private static func character(after node: OpaquePointer) -> Character {
    guard let next = cmark_node_next(node) else { return " " }
    return neighbour(next, last: false)
  }

  private static func neighbour(_ node: OpaquePointer, last: Bool) -> Character {
    switch cmark_node_get_type(node) {
    case CMARK_NODE_TEXT:
      let text = string(cmark_node_get_literal(node))
      return (last ? text.last : text.first) ?? " "
    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return "\n"
    default: return "*"
    }
  }

  /// CommonMark's left-flanking delimiter run, by the characters around it.
  private static func isLeftFlanking(before: Character, after: Character) -> Bool {
    !after.isWhitespace && (!isPunctuation(after) || before.isWhitespace || isPunctuation(before))
  }

  private static func isPunctuation(_ character: Character) -> Bool {
    character.unicodeScalars.first?.isCommonMarkPunctuation ?? false
  }

  /// Moves the siblings strictly between `opener` and `closer` into a custom inline
  /// that renders `enter` and `exit` around them, in place of the two.
  private static func wrap(from opener: OpaquePointer, to closer: OpaquePointer, enter: String, exit: String) {
    guard let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
    _ = cmark_node_set_on_enter(wrapper, enter)
    _ = cmark_node_set_on_exit(wrapper, exit)
    _ = cmark_node_insert_before(opener, wrapper)
    while let inside = cmark_node_next(opener), inside != closer {
      _ = cmark_node_append_child(wrapper, inside)
    }
    cmark_node_free(opener)
    cmark_node_free(closer)
  }

  /// The text a block opens with, when its first child is a paragraph that starts
  /// with text: that paragraph, the text node and its literal. The paragraph's
  /// texts are joined first, so a marker cmark split (`[x]`, `[!NOTE]`) is whole,
  /// and a text that only looks like one (`[x]~ b`) is too.
  private static func leadingText(of block: OpaquePointer) -> (
    paragraph: OpaquePointer, text: OpaquePointer, literal: String
  )? {
    guard let paragraph = cmark_node_first_child(block), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH
    else { return nil }
    cmark_consolidate_text_nodes(paragraph)
    guard let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT else { return nil }
    return (paragraph, text, string(cmark_node_get_literal(text)))
  }

  // MARK: - Task list items

  /// `- [ ] to do` and `- [x] done`: the item's first paragraph starts with a
  /// checkbox (as cmark-gfm renders it: disabled, checked when `x`).
  private static func taskListItem(_ item: OpaquePointer) {
    guard let (_, text, literal) = leadingText(of: item) else { return }
    let box = literal.prefix(3)
    guard ["[ ]", "[x]", "[X]"].contains(box), literal.count == 3 || literal.dropFirst(3).first?.isWhitespace == true,
      let input = cmark_node_new(CMARK_NODE_HTML_INLINE)
    else { return }
    let checked = box == "[ ]" ? "" : "checked=\"\" "
    _ = cmark_node_set_literal(input, "<input type=\"checkbox\" \(checked)disabled=\"\" />")
    _ = cmark_node_insert_before(text, input)
    _ = cmark_node_set_literal(text, String(literal.dropFirst(3)))
  }

  // MARK: - Callouts

  /// GitHub's alerts: a block quote whose first line is `[!NOTE]`, `[!TIP]`,
  /// `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` becomes a titled box
  /// (`<div class="callout callout-note">`), styled by the theme.
  private static func callout(_ quote: OpaquePointer) {
    guard let (paragraph, text, marker) = leadingText(of: quote) else { return }
    let kinds = ["NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"]
    let lineEnds = cmark_node_next(text).map { cmark_node_get_type($0) == CMARK_NODE_SOFTBREAK } ?? true
    guard marker.hasPrefix("[!"), marker.hasSuffix("]"), lineEnds,
      let title = kinds[String(marker.dropFirst(2).dropLast()).uppercased()],
      let box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
    else { return }
    let kind = title.lowercased()
    _ = cmark_node_set_on_enter(box, "<div class=\"callout callout-\(kind)\">\n<p class=\"callout-title\">\(title)</p>")
    _ = cmark_node_set_on_exit(box, "</div>")
    // The marker line goes; a paragraph left empty goes too.
    if let lineBreak = cmark_node_next(text) { cmark_node_free(lineBreak) }
    cmark_node_free(text)
    if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
    _ = cmark_node_insert_before(quote, box)
    while let child = cmark_node_first_child(quote) { _ = cmark_node_append_child(box, child) }
    cmark_node_free(quote)
  }
}
