// primedoc: copy buttons and search. Works from file:// and any static server.
document.addEventListener("DOMContentLoaded", function () {
  // On a phone the contents fold away, so that the page comes first.
  var contents = document.querySelector("details.contents");
  if (contents && window.matchMedia("(max-width: 45rem)").matches) { contents.open = false; }
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
    // Headings and scenarios whose own name matches come before those whose page's does.
    function matches(text) { return text.toLowerCase().indexOf(query) >= 0; }
    var byTitle = index.filter(function (entry) { return matches(entry.title); });
    var byPage = index.filter(function (entry) { return !matches(entry.title) && matches(entry.page); });
    byTitle.concat(byPage).slice(0, 12).forEach(function (entry) {
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
