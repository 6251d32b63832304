/// The stylesheet and script every site gets, written by primedoc itself: no CDN,
/// no web fonts, nothing fetched.
enum SiteAssets {
  static let stylesheet = """
    :root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --code: #f6f8fa; --line: #d1d9e0;
      --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --link: #0969da; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --code: #161b22; --line: #3d444d;
        --ok: #3fb950; --warn: #d29922; --bad: #f85149; --link: #4493f8; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; display: grid; grid-template-columns: 17rem minmax(0, 1fr) 14rem; gap: 0 2rem;
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
    a { color: var(--link); }
    .sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1rem; border-right: 1px solid var(--line); }
    .sidebar ol { list-style: none; padding: 0; margin: 0; }
    .chapters li { margin: .2rem 0; } .chapters .depth-1 { padding-left: 1rem; } .chapters .depth-2 { padding-left: 2rem; }
    .chapters a { text-decoration: none; } .chapters a[aria-current] { font-weight: 600; }
    .search { width: 100%; padding: .4rem; margin-bottom: .75rem; color: var(--fg); background: var(--bg);
      border: 1px solid var(--line); border-radius: 4px; }
    .search-results li { margin: .2rem 0 .4rem; font-size: .9rem; }
    main { padding: 1rem 0 3rem; max-width: 52rem; }
    .toc { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1rem 1rem 1rem 0; font-size: .875rem; }
    .toc p { font-weight: 600; margin: 0 0 .5rem; } .toc ol { list-style: none; padding: 0; } .toc .toc-3 { padding-left: 1rem; }
    .toc a { color: var(--muted); text-decoration: none; }
    h1, h2, h3, h4 { line-height: 1.25; } .permalink { margin-left: .4rem; color: var(--muted); text-decoration: none; visibility: hidden; }
    h1:hover .permalink, h2:hover .permalink, h3:hover .permalink, h4:hover .permalink { visibility: visible; }
    pre { background: var(--code); padding: .75rem 1rem; overflow-x: auto; border-radius: 6px; font-size: .875rem; line-height: 1.45; }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    :not(pre) > code { background: var(--code); padding: .1rem .3rem; border-radius: 4px; }
    .kw { color: #cf222e; } .type { color: #8250df; } .str { color: #0a3069; } .num { color: #0550ae; }
    .com { color: #59636e; font-style: italic; } .attr { color: #953800; } .label { color: #6639ba; }
    @media (prefers-color-scheme: dark) { .kw { color: #ff7b72; } .type { color: #d2a8ff; } .str { color: #a5d6ff; }
      .num { color: #79c0ff; } .com { color: #9198a1; } .attr { color: #ffa657; } .label { color: #d2a8ff; } }
    .scenario { margin: 1.5rem 0; } .scenario pre.code { margin-bottom: 0; border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
    .scenario-tools { display: flex; justify-content: space-between; gap: 1rem; font-size: .8rem; padding: .2rem .5rem;
      border: 1px solid var(--line); border-top: 0; }
    .scenario-link { color: var(--muted); }
    .copy { font: inherit; color: var(--fg); background: none; border: 1px solid var(--line); border-radius: 4px; cursor: pointer; }
    .full-program summary { font-size: .8rem; color: var(--muted); cursor: pointer; padding: .2rem .5rem; }
    .output { border-left: 4px solid var(--ok); margin-top: .5rem; } .output.unverified { border-color: var(--warn); }
    .output.failed { border-color: var(--bad); } .output pre { margin: 0; border-radius: 0 6px 6px 0; }
    .provenance summary { display: inline-block; cursor: pointer; list-style: none; }
    .badge { font-size: .75rem; font-weight: 600; color: #fff; background: var(--ok); padding: .05rem .5rem; border-radius: 0 0 4px 0; }
    .unverified .badge { background: var(--warn); } .failed .badge { background: var(--bad); }
    .provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; font-size: .75rem;
      margin: .25rem .5rem; overflow-wrap: anywhere; } .provenance dt { color: var(--muted); }
    details.trace summary { font-size: .8rem; color: var(--muted); cursor: pointer; margin-top: .5rem; }
    .trace-diagram { overflow-x: auto; } svg.trace { font: 11px ui-monospace, monospace; }
    svg.trace .lifeline-box { fill: var(--code); stroke: var(--line); } svg.trace .lifeline-name { fill: var(--fg); font-weight: 600; }
    svg.trace .lifeline { stroke: var(--line); stroke-dasharray: 4 3; }
    svg.trace .call line { stroke: var(--fg); } svg.trace .call text { fill: var(--fg); }
    svg.trace .failed line { stroke: var(--bad); stroke-width: 2; } svg.trace .failed text { fill: var(--bad); font-weight: 600; }
    svg.trace .omitted { fill: var(--muted); }
    .book-summary { padding: .5rem .75rem; border: 1px solid var(--ok); border-radius: 6px; }
    .pager { display: flex; justify-content: space-between; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); }
    table { border-collapse: collapse; } th, td { border: 1px solid var(--line); padding: .3rem .6rem; }
    @media (max-width: 70rem) { body { grid-template-columns: 15rem minmax(0, 1fr); } .toc { display: none; } }
    @media (max-width: 45rem) { body { display: block; } .sidebar { position: static; height: auto; border: 0;
      border-bottom: 1px solid var(--line); } main { padding: 1rem; } }
    @media print { body { display: block; } .sidebar, .toc, .pager, .scenario-tools, .full-program, .search { display: none; }
      .provenance summary { color: #000; background: none; border: 1px solid #000; } pre { white-space: pre-wrap; } }

    """

  static let script = """
    // primedoc: copy buttons and search. Works from file:// and any static server.
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("button.copy").forEach(function (button) {
        button.addEventListener("click", function () {
          var text = document.getElementById(button.dataset.copy).textContent;
          function done() { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy program"; }, 1500); }
          if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); return; }
          var area = document.createElement("textarea");
          area.value = text; document.body.appendChild(area); area.select();
          try { document.execCommand("copy"); done(); } finally { document.body.removeChild(area); }
        });
      });
      var input = document.querySelector("input.search");
      var results = document.querySelector("ol.search-results");
      var index = window.PRIMEDOC_SEARCH || [];
      var root = document.body.dataset.root || "";
      if (!input || !results) { return; }
      input.addEventListener("input", function () {
        var query = input.value.trim().toLowerCase();
        results.textContent = "";
        if (query.length < 2) { return; }
        index.filter(function (entry) {
          return entry.title.toLowerCase().indexOf(query) >= 0 || entry.page.toLowerCase().indexOf(query) >= 0;
        }).slice(0, 20).forEach(function (entry) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = root + entry.url;
          link.textContent = entry.title;
          var page = document.createElement("div");
          page.textContent = entry.page;
          page.className = "search-page";
          item.appendChild(link); item.appendChild(page); results.appendChild(item);
        });
      });
    });

    """
}
