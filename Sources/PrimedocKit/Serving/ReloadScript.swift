/// The script `serve` adds to every page: it polls the build status, reloads when
/// a new site was written and shows a banner while the last build failed. It is
/// served only by `serve`; `build` never writes it into the site.
enum ReloadScript {
  static let source = """
    (function () {
      var seen = null;
      var banner = null;
      function show(failure) {
        if (!failure) { if (banner) { banner.remove(); banner = null; } return; }
        if (!banner) {
          banner = document.createElement("pre");
          banner.setAttribute("role", "alert");
          banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;max-height:40vh;overflow:auto;z-index:10;"
            + "padding:.75rem 1rem;background:#cf222e;color:#fff;font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap";
          document.body.appendChild(banner);
        }
        banner.textContent = "primedoc serve: the last build failed; this page is from the last good one.\\n\\n" + failure;
      }
      function poll() {
        fetch("/__primedoc/status", { cache: "no-store" })
          .then(function (response) { return response.json(); })
          .then(function (status) {
            if (seen === null) { seen = status.build; }
            else if (status.build !== seen) { location.reload(); return; }
            show(status.failure);
          })
          .catch(function () {})
          .finally(function () { setTimeout(poll, 700); });
      }
      poll();
    })();

    """
}
