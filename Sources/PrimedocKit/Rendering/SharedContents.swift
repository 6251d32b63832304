import Foundation

/// The book's contents, written once for the whole site rather than into every
/// page, so the site grows with the book and not with its square (the 651-page
/// book of CommonMark's examples: 29 MB with the contents in every page). As
/// mdBook does: a script fills the sidebar (`contents.js`), and readers without
/// JavaScript get the same list in a frame (`contents.html`).
enum SharedContents {
  static let script = "contents.js"
  static let page = "contents.html"

  /// The script: run where the standard theme places it, right after the empty
  /// list, it fills that list and marks the page's own link (`data-current`).
  static func script(_ chapters: [PageContext.Chapter]) -> String {
    let entries = chapters.map { chapter in
      "[\(SearchIndex.javaScriptLiteral(chapter.href, empty: "\"\"")),"
        + "\(SearchIndex.javaScriptLiteral(chapter.title, empty: "\"\"")),\(chapter.depth)]"
    }.joined(separator: ",\n")
    return """
      // primedoc: the book's contents, shared by every page.
      (function () {
        var chapters = [
      \(entries)
        ];
        var list = document.currentScript && document.currentScript.previousElementSibling;
        if (!list) { return; }
        var root = document.body.dataset.root || "";
        var current = list.dataset.current;
        chapters.forEach(function (chapter) {
          var item = document.createElement("li");
          item.className = "depth-" + chapter[2];
          var link = document.createElement("a");
          link.href = root + chapter[0];
          link.textContent = chapter[1];
          if (chapter[0] === current) { link.setAttribute("aria-current", "page"); }
          item.appendChild(link);
          list.appendChild(item);
        });
      })();

      """
  }

  /// The page the frame shows without JavaScript: the list, opening in the page
  /// that holds the frame.
  static func page(_ chapters: [PageContext.Chapter], bookTitle: String) -> String {
    let items = chapters.map { chapter in
      "<li class=\"depth-\(chapter.depth)\"><a href=\"\(HTML.escape(chapter.href))\">\(HTML.escape(chapter.title))</a></li>"
    }.joined(separator: "\n")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(HTML.escape(bookTitle)): contents</title>
      <link rel="stylesheet" href="style.css">
      <base target="_parent">
      </head>
      <body class="contents-page">
      <ol class="chapters">
      \(items)
      </ol>
      </body>
      </html>

      """
  }
}
