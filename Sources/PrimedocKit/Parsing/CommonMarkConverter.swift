import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to libcmark (with its extension in
/// `CommonMarkConverter+GFM.swift`). Every function here parses, walks or
/// renders a document and frees what cmark allocated before it returns, so no
/// pointer escapes and callers only see `Sendable` values (swift-markdown's
/// `CommonMarkConverter` has the same shape).
enum CommonMarkConverter {
  /// Parses `text` and collects code blocks, headings and links (those of its
  /// footnotes too, at their lines).
  static func parse(_ text: String) -> MarkdownDocument {
    guard text.contains("[^") else { return parseBlocks(text) }
    var footnotes = Footnotes()
    var document = parseBlocks(takingFootnotes(text, into: &footnotes))
    for definition in footnotes.definitions {
      document.links += parseBlocks(definition.markdown).links.map { link in
        var link = link
        link.line += definition.line - 1
        return link
      }
    }
    return document
  }

  private static func parseBlocks(_ text: String) -> MarkdownDocument {
    withDocument(text) { root in
      var document = MarkdownDocument()
      let lines = SourceLines(text)
      var listDepth = 0
      var blockLine = 0
      // Open links and images, innermost last: an image may sit inside a link.
      var links: [Link] = []
      var heading: Heading?
      walk(root) { event, node in
        let type = cmark_node_get_type(node)
        let entering = event == CMARK_EVENT_ENTER
        switch type {
        case CMARK_NODE_LIST:
          listDepth += entering ? 1 : -1
        case CMARK_NODE_PARAGRAPH:
          if entering { blockLine = Int(cmark_node_get_start_line(node)) }
        case CMARK_NODE_HEADING:
          if entering {
            blockLine = Int(cmark_node_get_start_line(node))
            heading = Heading(level: Int(cmark_node_get_heading_level(node)), text: "", line: blockLine)
          } else if var done = heading {
            if let (id, text) = Heading.customID(in: done.text) {
              done.customID = id
              done.text = text
            }
            document.headings.append(done)
            heading = nil
          }
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
          if entering {
            links.append(
              Link(
                destination: string(cmark_node_get_url(node)), text: "", line: blockLine, listDepth: listDepth,
                isImage: type == CMARK_NODE_IMAGE))
          } else if let done = links.popLast() {
            document.links.append(done)
          }
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
          let literal = string(cmark_node_get_literal(node))
          for index in links.indices { links[index].text += literal }
          heading?.text += literal
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
          for index in links.indices { links[index].text += " " }
          heading?.text += " "
        case CMARK_NODE_CODE_BLOCK:
          let startLine = Int(cmark_node_get_start_line(node))
          let startColumn = Int(cmark_node_get_start_column(node))
          document.codeBlocks.append(
            CodeBlock(
              ordinal: document.codeBlocks.count,
              // cmark tells fenced from indented blocks only through the source.
              isFenced: lines.hasFence(line: startLine, column: startColumn),
              info: string(cmark_node_get_fence_info(node)),
              literal: string(cmark_node_get_literal(node)),
              startLine: startLine,
              endLine: Int(cmark_node_get_end_line(node)),
              startColumn: startColumn))
        default:
          break
        }
      }
      return document
    }
  }

  /// Renders `text` to HTML exactly as `cmark --unsafe` does, with GitHub's
  /// extensions as cmark-gfm renders them (pipe tables, footnotes, strikethrough,
  /// task list items, callouts, and autolinks unless `autolinks` is false), except
  /// that the code blocks whose ordinals are keys of `replacements` become the given
  /// raw HTML (an empty string drops the block). Unsafe rendering is required: the injected
  /// blocks are raw HTML, which a safe render would comment out.
  /// `rewriteLink` may change each link's destination (a page's `x.md` becomes
  /// `x.html`).
  ///
  /// With `headingIDs`, the i-th heading (in document order) gets `id` and a
  /// permalink: cmark renders the heading itself, and only its opening and closing
  /// tags are extended.
  static func renderHTML(
    _ text: String, replacingCodeBlocks replacements: [Int: String] = [:], headingIDs: [String] = [],
    autolinks: Bool = true, rewriteLink: (String) -> String = { $0 }
  ) -> String {
    var footnotes = Footnotes()
    let (source, tables) = withTablesStoodIn(text.contains("[^") ? takingFootnotes(text, into: &footnotes) : text)
    var html = withDocument(source) { root in
      applyExtensions(root, autolinks: autolinks, footnotes: &footnotes)
      var targets: [(node: OpaquePointer, html: String)] = []
      var headings: [OpaquePointer] = []
      var ordinal = 0
      walk(root) { event, node in
        guard event == CMARK_EVENT_ENTER else { return }
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_HEADING {
          headings.append(node)
        } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
          let destination = string(cmark_node_get_url(node))
          let rewritten = rewriteLink(destination)
          if rewritten != destination { _ = cmark_node_set_url(node, rewritten) }
        } else if type == CMARK_NODE_CODE_BLOCK {
          if let html = replacements[ordinal] { targets.append((node, html)) }
          ordinal += 1
        }
      }
      for (node, id) in zip(headings, headingIDs) {
        removeCustomID(from: node)
        guard let rendered = cmark_render_html(node, CMARK_OPT_UNSAFE) else { continue }
        let html = String(cString: rendered)
        free(rendered)
        let level = cmark_node_get_heading_level(node)
        let anchored = html.replacingOccurrences(of: "<h\(level)>", with: "<h\(level) id=\"\(id)\">")
          .replacingOccurrences(
            of: "</h\(level)>",
            with: "<a class=\"permalink\" href=\"#\(id)\" aria-label=\"Permalink\">#</a></h\(level)>")
        targets.append((node, anchored))
      }
      // Mutate after the walk: cmark allows it during iteration only at some events.
      for target in targets {
        if !target.html.isEmpty, let block = cmark_node_new(CMARK_NODE_HTML_BLOCK) {
          _ = cmark_node_set_literal(block, target.html)
          _ = cmark_node_insert_before(target.node, block)
        }
        cmark_node_free(target.node)  // also unlinks it
      }
      guard let html = cmark_render_html(root, CMARK_OPT_UNSAFE) else { return "" }
      defer { free(html) }
      return String(cString: html)
    }
    if !tables.isEmpty { html = PipeTable.assemble(html, tables: tables) }
    // A note's own notes are not looked for.
    return html + footnotes.section { renderHTML($0, autolinks: autolinks) }
  }

  /// `text` without its footnote definitions (`Footnotes`), which go into `footnotes`.
  private static func takingFootnotes(_ text: String, into footnotes: inout Footnotes) -> String {
    var lines = text.lineSlices.map(String.init)
    // Lines of code and HTML blocks, where `[^x]:` is not a definition.
    var excluded: Set<Int> = []
    withDocument(text) { root in
      walk(root) { event, node in
        let type = cmark_node_get_type(node)
        guard event == CMARK_EVENT_ENTER, type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK else { return }
        let first = Int(cmark_node_get_start_line(node)) - 1
        excluded.formUnion(first...max(first, Int(cmark_node_get_end_line(node)) - 1))
      }
    }
    footnotes.extract(from: &lines, excluding: excluded)
    return lines.joined(separator: "\n")
  }

  /// `text` with each pipe table's lines replaced by its stand-in (`PipeTable`),
  /// and the tables in order. Tables are looked for in paragraphs outside block
  /// quotes (whose lazy lines have no prefix to go by).
  private static func withTablesStoodIn(_ text: String) -> (String, [PipeTable]) {
    guard text.contains("|") else { return (text, []) }
    var lines = text.lineSlices.map(String.init)
    // (first line index, last line index, column of the text), in document order.
    var paragraphs: [(first: Int, last: Int, column: Int)] = []
    withDocument(text) { root in
      var quotes = 0
      walk(root) { event, node in
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_BLOCK_QUOTE { quotes += event == CMARK_EVENT_ENTER ? 1 : -1 }
        guard type == CMARK_NODE_PARAGRAPH, event == CMARK_EVENT_ENTER, quotes == 0 else { return }
        paragraphs.append(
          (
            Int(cmark_node_get_start_line(node)) - 1, Int(cmark_node_get_end_line(node)) - 1,
            Int(cmark_node_get_start_column(node)) - 1
          ))
      }
    }
    var tables: [PipeTable] = []
    var replacements: [(range: ClosedRange<Int>, lines: [String])] = []
    for paragraph in paragraphs where paragraph.last < lines.count {
      let range = paragraph.first...paragraph.last
      // The first line's container prefix (a list marker) is bytes; later lines indent with spaces.
      let firstPrefix = String(decoding: Array(lines[paragraph.first].utf8.prefix(paragraph.column)), as: UTF8.self)
      let indent = String(repeating: " ", count: paragraph.column)
      let content = range.map { index in
        index == paragraph.first
          ? String(decoding: Array(lines[index].utf8.dropFirst(paragraph.column)), as: UTF8.self)
          : String(lines[index].dropFirst(min(paragraph.column, lines[index].prefix { $0 == " " }.count)))
      }
      guard !content.allSatisfy({ !$0.contains("|") }), let table = PipeTable.find(in: content) else { continue }
      let standIn = table.stand(in: tables.count).enumerated().map { offset, line in
        (offset == 0 && table.leadingLines == 0 ? firstPrefix : indent) + line
      }
      let replaced = (paragraph.first + table.leadingLines)...paragraph.last
      replacements.append((replaced, standIn))
      tables.append(table)
    }
    for replacement in replacements.reversed() { lines.replaceSubrange(replacement.range, with: replacement.lines) }
    return (lines.joined(separator: "\n"), tables)
  }

  /// Drops a trailing ` {#id}` from a heading's last text, so it is not shown.
  private static func removeCustomID(from heading: OpaquePointer) {
    // cmark leaves `{#my_id}` in several texts (it splits at `_`); joined, the last holds it.
    cmark_consolidate_text_nodes(heading)
    guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
      let (_, text) = Heading.customID(in: string(cmark_node_get_literal(last)))
    else { return }
    _ = cmark_node_set_literal(last, text)
  }

  // MARK: - cmark plumbing

  private static func withDocument<T>(_ text: String, _ body: (OpaquePointer) -> T) -> T {
    // cmark returns nil only when it cannot allocate.
    guard let root = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else {
      fatalError("cmark could not allocate a document")
    }
    defer { cmark_node_free(root) }
    return body(root)
  }

  static func walk(_ root: OpaquePointer, _ visit: (cmark_event_type, OpaquePointer) -> Void) {
    guard let iterator = cmark_iter_new(root) else { fatalError("cmark could not allocate an iterator") }
    defer { cmark_iter_free(iterator) }
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      if let node = cmark_iter_get_node(iterator) { visit(event, node) }
    }
  }

  static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
