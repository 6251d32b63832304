#!/usr/bin/env python3
"""Headless-browser test of the site primedoc builds.

Opens every page of a built site from disk (file://) in Debian's Chromium and
checks what a reader would notice:

  console-clean   every *.html loads with no console errors, uncaught
                  exceptions or failed loads of local files
  sidebar-toc     the sidebar lists every chapter, marks exactly the current
                  page with aria-current="page", links only to files that
                  exist, and the "on this page" list is filled on pages with
                  h2 headings
  search          typing a scenario's name into the search box offers a link
                  to #scenario-NAME, and following it lands on that scenario
  copy            a real mouse click on a scenario's "Copy program" button
                  puts the full program on the clipboard and the label
                  changes to "Copied"
  dark-theme      the body background follows prefers-color-scheme
                  (#ffffff light, #0d1117 dark)
  screenshots     (only with --screenshots) light.png, dark.png (1280x900)
                  and phone.png (420x900) of the page with most scenarios

Usage:

    python3 Tests/Browser/site_test.py SITE_DIR [--screenshots OUT_DIR]

Exit status: 0 when every check passed, 1 when one failed (the message names
the page and what was wrong), 2 when Chromium is not installed.

Needs Python 3.11 (standard library only) and Chromium: `apt-get install -y
chromium`, or set CHROMIUM=/path/to/chrome to use another build. The browser
is driven over the Chrome DevTools Protocol on a pipe (--remote-debugging-pipe:
it reads NUL-terminated JSON messages on fd 3 and writes its replies on fd 4).
Every wait has a deadline (15 s a step, 110 s in all), so a hung browser fails
the run instead of hanging CI.
"""

import argparse
import base64
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium")
TOTAL_TIMEOUT = 110.0  # seconds for the whole run, browser start included
STEP_TIMEOUT = 15.0  # seconds for any single protocol round trip or page load
SETTLE = 0.2  # seconds to keep listening for late console errors after a load

LIGHT_BG = "rgb(255, 255, 255)"
DARK_BG = "rgb(13, 17, 23)"


class BrowserError(Exception):
    """The browser crashed, hung or refused a command; later checks cannot run."""


class CheckFailed(Exception):
    """A check found something wrong with the site."""


class Browser:
    """One headless Chromium with one page, driven over CDP on a pipe."""

    def __init__(self, executable, deadline):
        self.deadline = deadline  # time.monotonic() value the whole run must finish by
        self.profile = tempfile.mkdtemp(prefix="primedoc-browser-")
        self.stderr = open(os.path.join(self.profile, "chromium-stderr.log"), "w+b")
        self.next_id = 0
        self.buffer = b""
        self.events = []  # events not yet consumed by wait_event
        self.listeners = []  # callables given every page event as it arrives
        self.session = None
        self.proc = None
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds():
            # Runs in the child before exec: make the pipe ends fds 3 and 4.
            # Copy both out of the way first so neither dup2 clobbers the other.
            read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        args = [
            executable,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--mute-audio",
            "--hide-scrollbars",
            "about:blank",
        ]
        self.write_fd = to_browser_w
        self.read_fd = from_browser_r
        try:
            # close_fds=False because pass_fds=(3, 4) would fail when the parent
            # has no fds 3 and 4 open; descriptors Python opens are close-on-exec
            # anyway (PEP 446), so the child inherits just stdio and fds 3 and 4.
            self.proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=self.stderr,
                stderr=self.stderr,
                close_fds=False,
                preexec_fn=child_fds,
                start_new_session=True,  # own process group, so close() can kill it all
            )
        except (OSError, subprocess.SubprocessError) as error:
            self.close()
            raise BrowserError(f"could not start {executable}: {error}") from None
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        os.set_blocking(self.write_fd, False)
        os.set_blocking(self.read_fd, False)

    # --- protocol plumbing -------------------------------------------------

    def _remaining(self, timeout):
        now = time.monotonic()
        if now >= self.deadline:
            raise BrowserError(f"the run took longer than {TOTAL_TIMEOUT:.0f} s in total")
        return min(timeout, self.deadline - now)

    def _write(self, data, timeout):
        end = time.monotonic() + self._remaining(timeout)
        view = memoryview(data)
        while view:
            left = end - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out writing to the browser")
            _, writable, _ = select.select([], [self.write_fd], [], left)
            if writable:
                try:
                    view = view[os.write(self.write_fd, view):]
                except BrokenPipeError:
                    raise BrowserError(self._died("the browser closed its end of the pipe")) from None

    def _read_message(self, end):
        """Return the next message from the browser, or None at `end`."""
        while b"\0" not in self.buffer:
            left = end - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([self.read_fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise BrowserError(self._died("the browser closed the DevTools pipe"))
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def _dispatch_event(self, message):
        if message.get("sessionId") != self.session:
            return  # browser-level or other targets' events: not needed here
        for listener in self.listeners:
            listener(message)
        self.events.append(message)

    def _died(self, what):
        code = None
        if self.proc:
            try:
                code = self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.stderr.flush()
        self.stderr.seek(0)
        tail = self.stderr.read().decode(errors="replace").strip().splitlines()[-15:]
        status = "still running" if code is None else f"exit status {code}"
        return f"{what} ({status}); last lines of its output:\n    " + "\n    ".join(tail)

    def send(self, method, params=None, session=True, timeout=STEP_TIMEOUT):
        """Send one command and return its result; raise BrowserError on error or timeout."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._write(json.dumps(message).encode() + b"\0", timeout)
        end = time.monotonic() + self._remaining(timeout)
        while True:
            reply = self._read_message(end)
            if reply is None:
                raise BrowserError(f"no reply to {method} within {timeout:.0f} s")
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._dispatch_event(reply)

    def wait_event(self, method, timeout=STEP_TIMEOUT):
        """Return the first page event named `method`, waiting at most `timeout` s."""
        end = time.monotonic() + self._remaining(timeout)
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method:
                    del self.events[: i + 1]
                    return event
            self.events.clear()
            message = self._read_message(end)
            if message is None:
                raise BrowserError(f"no {method} within {timeout:.0f} s")
            if "method" in message:
                self._dispatch_event(message)

    def pump(self, seconds):
        """Keep receiving events for `seconds` (so listeners see late ones)."""
        end = time.monotonic() + self._remaining(seconds)
        while True:
            message = self._read_message(end)
            if message is None:
                return
            if "method" in message:
                self._dispatch_event(message)

    # --- page-level helpers ------------------------------------------------

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.set_viewport(1280, 900)

    def set_viewport(self, width, height, mobile=False):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def navigate(self, url):
        """Load `url` and wait for its load event (not for same-document jumps)."""
        self.events.clear()
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CheckFailed(f"{url} did not load: {result['errorText']}")
        if "loaderId" in result:  # omitted for a same-document (#fragment) navigation
            try:
                self.wait_event("Page.loadEventFired")
            except BrowserError as error:
                raise BrowserError(f"{url} did not finish loading: {error}") from None

    def evaluate(self, expression, await_promise=False, user_gesture=False):
        """Run JavaScript in the page and return its value (JSON-serialisable)."""
        result = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": await_promise,
                "userGesture": user_gesture,
            },
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise JSError(text)
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=5.0):
        """Poll a JS expression until it is truthy; return its value."""
        end = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() >= end:
                raise CheckFailed(f"{what} (waited {timeout:.0f} s)")
            self.pump(0.05)

    def click(self, x, y):
        """A real left click at viewport coordinates (CSS pixels)."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y}
            if kind != "mouseMoved":
                params.update(button="left", clickCount=1)
            self.send("Input.dispatchMouseEvent", params)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        """Stop the browser: ask it to quit, then kill its whole process group."""
        if self.proc and self.proc.poll() is None:
            try:  # a clean exit lets Chromium reap its own helper processes
                self.send("Browser.close", session=False, timeout=3)
                self.proc.wait(timeout=5)
            except (BrowserError, OSError, subprocess.TimeoutExpired):
                pass
        if self.proc:
            try:  # helpers (crashpad, zygote) share the group even after a clean exit
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for fd in (self.write_fd, self.read_fd):
            if fd is not None:
                os.close(fd)
        self.write_fd = self.read_fd = None
        self.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class JSError(CheckFailed):
    """JavaScript evaluated by the test threw."""


def js(value):
    """A Python value as a JavaScript literal."""
    return json.dumps(value)


# --- the site ----------------------------------------------------------------


class Site:
    def __init__(self, root):
        self.root = root.resolve()
        self.pages = sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))
        # The page with most scenarios (the first such), read once from the HTML sources.
        counts = {p: (self.root / p).read_text(errors="replace").count('class="scenario"') for p in self.pages}
        self.richest_page = max(self.pages, key=counts.__getitem__)

    def url(self, page):
        return (self.root / page).as_uri()

    def page_of(self, url):
        """The site-relative path of a file:// URL (fragment and query dropped)."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return url


# --- checks --------------------------------------------------------------------


def check_console_clean(browser, site, args):
    """Every page loads with no console errors, exceptions or failed loads."""
    problems = []

    def listen(event):
        method, params = event["method"], event["params"]
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            problems.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            problems.append(f"uncaught exception: {text}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            where = f" ({entry['url']})" if entry.get("url") else ""
            problems.append(f"{entry['source']} error: {entry['text']}{where}")

    if not site.pages:
        raise CheckFailed(f"no *.html files under {site.root}")
    browser.listeners.append(listen)
    pages_with = {}  # problem -> pages it happened on, in order
    try:
        for page in site.pages:
            problems.clear()
            browser.navigate(site.url(page))
            browser.pump(SETTLE)
            for problem in dict.fromkeys(problems):
                pages_with.setdefault(problem, []).append(page)
    finally:
        browser.listeners.remove(listen)
    if pages_with:
        lines = []
        for problem, pages in pages_with.items():
            where = f"all {len(pages)} pages" if len(pages) == len(site.pages) > 1 else ", ".join(pages)
            lines.append(f"{problem}\n      on {where}")
        raise CheckFailed(f"{len(pages_with)} console error(s):\n    " + "\n    ".join(lines))
    return f"{len(site.pages)} pages loaded without console errors"


SIDEBAR_STATE = """(() => {
  const links = [...document.querySelectorAll("nav.sidebar ol.chapters li a")];
  const headings = document.querySelectorAll("main h2").length;
  const toc = [...document.querySelectorAll("aside.toc li a")];
  return {
    sidebar: !!document.querySelector("nav.sidebar"),
    chapters: links.map(a => a.href),
    current: links.filter(a => a.getAttribute("aria-current") === "page").map(a => a.href),
    headings: headings,
    tocItems: document.querySelectorAll("aside.toc li").length,
    tocMissing: toc.filter(a => a.hash && !document.getElementById(decodeURIComponent(a.hash.slice(1))))
                   .map(a => a.getAttribute("href")),
  };
})()"""


def check_sidebar_toc(browser, site, args):
    """Sidebar and "on this page" list on index.html and one other page."""
    if "index.html" not in site.pages:
        raise CheckFailed("the site has no index.html")
    browser.navigate(site.url("index.html"))
    index = browser.evaluate(SIDEBAR_STATE)
    if not index["sidebar"] or not index["chapters"]:
        raise CheckFailed("index.html: no nav.sidebar with ol.chapters li a links")
    chapters = [site.page_of(u) for u in index["chapters"]]
    missing = [c for c in chapters if not (site.root / c).is_file()]
    if missing:
        raise CheckFailed(f"index.html: sidebar links to missing pages: {', '.join(missing)}")
    # The other page: a nested one if the site has any, else the last chapter.
    nested = [p for p in site.pages if "/" in p]
    other = nested[0] if nested else chapters[-1]

    browser.navigate(site.url(other))
    for page, state in (("index.html", index), (other, browser.evaluate(SIDEBAR_STATE))):
        if not state["sidebar"]:
            raise CheckFailed(f"{page}: no nav.sidebar")
        if len(state["chapters"]) != len(chapters):
            raise CheckFailed(
                f"{page}: sidebar lists {len(state['chapters'])} chapters, index.html lists {len(chapters)}"
            )
        current = [site.page_of(u) for u in state["current"]]
        if len(current) != 1:
            raise CheckFailed(f'{page}: {len(current)} sidebar links have aria-current="page", expected 1')
        if current[0] != page and not same_file(site, current[0], page):
            raise CheckFailed(f'{page}: the aria-current="page" link points to {current[0]}, not to {page}')
        if state["headings"] and not state["tocItems"]:
            raise CheckFailed(f"{page}: has {state['headings']} h2 headings but aside.toc lists nothing")
        if state["tocMissing"]:
            raise CheckFailed(f"{page}: TOC links to missing anchors: {', '.join(state['tocMissing'])}")
    return f"{len(chapters)} chapters; index.html and {other} mark themselves current; TOCs filled"


def same_file(site, a, b):
    """index.html is a copy of the first chapter, whose link it marks as current."""
    try:
        return (site.root / a).read_bytes() == (site.root / b).read_bytes()
    except OSError:
        return False


def check_search(browser, site, args):
    """Typing a scenario name offers its #scenario-NAME link, which lands on it."""
    start = "index.html"
    # A scenario on a page other than the one we type on; the longest name is
    # the most specific query, so its result is not crowded out of the top 20.
    source = site.richest_page
    browser.navigate(site.url(source))
    ids = browser.evaluate('[...document.querySelectorAll("figure.scenario[id^=scenario-]")].map(f => f.id)')
    if not ids:
        raise CheckFailed(f"{source}: no figure.scenario with an id")
    name = max(ids, key=len)[len("scenario-"):]
    anchor = f"#scenario-{name}"

    browser.navigate(site.url(start))
    browser.evaluate(f"""(() => {{
      const input = document.querySelector("input.search");
      if (!input) throw new Error("no input.search on the page");
      input.focus();
      input.value = {js(name)};
      input.dispatchEvent(new Event("input", {{bubbles: true}}));
    }})()""")
    hrefs_js = '[...document.querySelectorAll("ol.search-results li > a")].map(a => a.href)'
    try:
        href = browser.wait_for(
            f"{hrefs_js}.find(h => h.endsWith({js(anchor)}))",
            f"no result ending in {anchor}",
            timeout=3,
        )
    except CheckFailed:
        shown = browser.evaluate(hrefs_js)
        raise CheckFailed(
            f"{start}: searching for {name!r} offers no link ending in {anchor}; results: {shown or 'none'}"
        ) from None

    browser.navigate(href)
    landed = browser.evaluate(f"""({{
      url: location.href,
      found: !!document.getElementById({js(anchor[1:])}),
    }})""")
    if not landed["found"]:
        raise CheckFailed(f"search result {href} lands on {site.page_of(landed['url'])} which has no {anchor}")
    return f"{name!r} found from {start}, link lands on {site.page_of(landed['url'])}{anchor}"


RECORD_COPY = """(() => {
  // Record what the page's own copy code hands to the clipboard, and the
  // button labels it shows; both calls still go through to the browser.
  window.__copied = [];
  window.__labels = [];
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = text => {
      window.__copied.push({via: "clipboard.writeText", text});
      return write(text);
    };
  }
  const exec = document.execCommand.bind(document);
  document.execCommand = (command, ...rest) => {
    if (command === "copy") {
      const el = document.activeElement;
      const text = el && "value" in el ? el.value.substring(el.selectionStart, el.selectionEnd)
                                       : String(getSelection());
      window.__copied.push({via: "execCommand('copy')", text});
    }
    return exec(command, ...rest);
  };
  const button = document.querySelector(%s);
  new MutationObserver(() => window.__labels.push(button.textContent))
    .observe(button, {childList: true, characterData: true, subtree: true});
  button.scrollIntoView({block: "center"});
  const box = button.getBoundingClientRect();
  return {x: box.left + box.width / 2, y: box.top + box.height / 2};
})()"""


def check_copy(browser, site, args):
    """A real click on "Copy program" copies the full program and says "Copied"."""
    page = site.richest_page
    url = site.url(page)
    browser.navigate(url)
    figure = browser.evaluate('document.querySelector("figure.scenario[id^=scenario-]")?.id')
    if not figure:
        raise CheckFailed(f"{page}: no figure.scenario")
    button_css = f"#{figure} button.copy"
    target = browser.evaluate(f"document.querySelector({js(button_css)})?.dataset.copy")
    if not target:
        raise CheckFailed(f"{page}: {figure} has no button.copy[data-copy]")
    expected = browser.evaluate(f"document.getElementById({js(target)})?.textContent")
    if expected is None:
        raise CheckFailed(f"{page}: the copy button of {figure} names #{target}, which does not exist")
    if target != f"{figure}-program":
        raise CheckFailed(f"{page}: the copy button of {figure} copies #{target}, not #{figure}-program")

    # file:// is a secure context, so the page takes the navigator.clipboard
    # path. Writing is allowed by default; reading the clipboard back needs the
    # permission, which Chromium grants to the origin "file://" (it refuses
    # "null"). If a future Chromium refuses that too, grant browser-wide.
    origin = browser.evaluate("location.origin")
    permissions = ["clipboardReadWrite", "clipboardSanitizedWrite"]
    try:
        browser.send("Browser.grantPermissions", {"origin": origin, "permissions": permissions}, session=False)
    except BrowserError:
        browser.send("Browser.grantPermissions", {"permissions": permissions}, session=False)
    where = browser.evaluate(RECORD_COPY % js(button_css))
    # A real mouse click (Input.dispatchMouseEvent at the button's centre), as a
    # reader would: it goes through hit-testing and gives the page genuine user
    # activation. (element.click() also worked in Chromium 156, but would not
    # notice the button being covered by another element.)
    browser.click(where["x"], where["y"])
    try:
        browser.wait_for(
            "window.__labels.includes('Copied')", f"{page}: the copy button of {figure} never said \"Copied\""
        )
    except CheckFailed as failure:
        copied = browser.evaluate("window.__copied")
        raise CheckFailed(f"{failure} (copy calls seen: {[c['via'] for c in copied] or 'none'})") from None

    copied = browser.evaluate("window.__copied")
    if len(copied) != 1:
        raise CheckFailed(f"{page}: one click on the copy button of {figure} copied {len(copied)} times")
    try:
        clipboard = browser.evaluate("navigator.clipboard.readText()", await_promise=True, user_gesture=True)
        source = "clipboard read back"
    except JSError as error:
        # Fallback: compare what the page's own code handed to the clipboard.
        clipboard = copied[0]["text"]
        source = f"text passed to {copied[0]['via']} (clipboard unreadable: {error})"
    if clipboard != expected:
        raise CheckFailed(
            f"{page}: after clicking the copy button of {figure} the {source} has "
            f"{len(clipboard or '')} characters ({(clipboard or '')[:60]!r}...), "
            f"expected the {len(expected)} characters of #{target} ({expected[:60]!r}...)"
        )
    lines = expected.count("\n")
    return f"{page} {figure}: {lines} lines via {copied[0]['via']}, {source} matches, label said Copied"


def check_dark_theme(browser, site, args):
    """Body background follows prefers-color-scheme."""
    page = "index.html" if "index.html" in site.pages else site.pages[0]
    browser.navigate(site.url(page))
    seen = {}
    try:
        for scheme, expected in (("dark", DARK_BG), ("light", LIGHT_BG)):
            browser.send(
                "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
            )
            seen[scheme] = browser.evaluate("getComputedStyle(document.body).backgroundColor")
            if seen[scheme] != expected:
                raise CheckFailed(
                    f"{page}: with prefers-color-scheme: {scheme} the body background is {seen[scheme]}, "
                    f"expected {expected}"
                )
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
    return f"{page}: dark {seen['dark']}, light {seen['light']}"


def pages_holding(site, needle):
    return [p for p in site.pages if p != "index.html" and needle in (site.root / p).read_text(errors="replace")]


# A callout's rule and title colour in each theme: --warning (and --note…) of style.css.
CALLOUT_COLOURS = {"light": "rgb(154, 103, 0)", "dark": "rgb(210, 153, 34)"}


def check_table_and_callout(browser, site, args):
    """A pipe table is a table with ruled cells; a callout a titled box coloured for each theme."""
    tables, callouts = pages_holding(site, "<table>"), pages_holding(site, 'class="callout callout-warning"')
    if not tables or not callouts:
        raise CheckFailed(f"no page holds a table ({len(tables)}) and a warning callout ({len(callouts)})")
    browser.navigate(site.url(tables[0]))
    table = browser.evaluate(
        "(() => { const t = document.querySelector('main table'); if (!t) return null;"
        " const c = t.querySelector('td'); return {rows: t.rows.length, columns: t.rows[0].cells.length,"
        " display: getComputedStyle(t).display, border: c ? getComputedStyle(c).borderTopWidth : ''}; })()"
    )
    if not table or table["display"] != "table" or table["rows"] < 2 or table["border"] in ("", "0px"):
        raise CheckFailed(f"{tables[0]}: the table is not drawn as one: {table}")
    browser.navigate(site.url(callouts[0]))
    seen = {}
    try:
        for scheme, expected in CALLOUT_COLOURS.items():
            browser.send(
                "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
            )
            seen[scheme] = browser.evaluate(
                "(() => { const c = document.querySelector('.callout-warning'); const t = c.querySelector('.callout-title');"
                " return {rule: getComputedStyle(c).borderLeftColor, title: getComputedStyle(t).color,"
                " text: t.textContent}; })()"
            )
            if seen[scheme]["rule"] != expected or seen[scheme]["title"] != expected or seen[scheme]["text"] != "Warning":
                raise CheckFailed(f"{callouts[0]}: with prefers-color-scheme: {scheme} the callout is {seen[scheme]}")
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
    return (
        f"{tables[0]}: a {table['rows']}-row table of {table['columns']} columns; "
        f"{callouts[0]}: a Warning callout, {seen['light']['rule']} light, {seen['dark']['rule']} dark"
    )


def check_shared_contents(browser, site, args):
    """The contents are written once (contents.js); without JavaScript a frame shows contents.html."""
    pages = [p for p in site.pages if p not in ("index.html", "contents.html")]
    embedded = [p for p in pages if (site.root / p).read_text(errors="replace").count('class="depth-') > 0]
    if embedded:
        raise CheckFailed(f"{embedded[0]}: the page holds the contents itself instead of sharing contents.js")
    page = pages[-1]
    browser.navigate(site.url(page))
    with_script = browser.evaluate("document.querySelectorAll('nav.sidebar ol.chapters a').length")
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.navigate(site.url(page))
        frame = browser.evaluate(
            "(() => { const f = document.querySelector('nav.sidebar iframe.contents-frame');"
            " return f ? {src: f.getAttribute('src'), height: f.getBoundingClientRect().height,"
            " links: document.querySelectorAll('nav.sidebar ol.chapters a').length} : null; })()"
        )
        if not frame or frame["height"] < 100 or frame["links"] != 0:
            raise CheckFailed(f"{page}: without JavaScript the sidebar shows no contents frame: {frame}")
        target = site.page_of((site.root / page).parent.joinpath(frame["src"]).resolve().as_uri())
        browser.navigate(site.url(target))
        listed = browser.evaluate(
            "(() => ({links: document.querySelectorAll('ol.chapters a').length,"
            " target: (document.querySelector('base') || {}).target}))()"
        )
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
    if listed["links"] != with_script or listed["target"] != "_parent":
        raise CheckFailed(
            f"{target}: lists {listed['links']} chapters opening in {listed['target']!r}; "
            f"the script lists {with_script}, opening in the page"
        )
    return f"{page}: {with_script} chapters from contents.js; without JavaScript, {target} in a frame lists the same"


def check_screenshots(browser, site, args):
    """Light, dark and phone screenshots of the page with most scenarios."""
    out = Path(args.screenshots)
    out.mkdir(parents=True, exist_ok=True)
    page = site.richest_page
    shots = (  # file, colour scheme, viewport width, mobile
        ("light.png", "light", 1280, False),
        ("dark.png", "dark", 1280, False),
        ("phone.png", "light", 420, True),
    )
    try:
        for name, scheme, width, mobile in shots:
            browser.set_viewport(width, 900, mobile=mobile)
            browser.send(
                "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
            )
            browser.navigate(site.url(page))
            browser.evaluate("document.fonts.ready.then(() => true)", await_promise=True)
            browser.screenshot(out / name)
        # A trace diagram, if the book draws one, scrolled into view.
        traced = next((p for p in site.pages if "<svg class=\"trace\"" in (site.root / p).read_text()), None)
        if traced:
            browser.set_viewport(1280, 900)
            browser.navigate(site.url(traced))
            browser.evaluate("document.querySelector('svg.trace').scrollIntoView(), true")
            browser.screenshot(out / "trace.png")
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
        browser.set_viewport(1280, 900)
    return f"{page}: " + ", ".join(str(out / s[0]) for s in shots) + (f"; {traced}: {out / 'trace.png'}" if traced else "")


CHECKS = [
    ("console-clean", check_console_clean),
    ("sidebar-toc", check_sidebar_toc),
    ("search", check_search),
    ("copy", check_copy),
    ("dark-theme", check_dark_theme),
    ("table-and-callout", check_table_and_callout),
    ("shared-contents", check_shared_contents),
]


# --- main ------------------------------------------------------------------------


def find_chromium():
    """$CHROMIUM if set, else Debian's chromium."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    for candidate in CHROMIUM_CANDIDATES:
        path = shutil.which(candidate)
        if path:
            return path
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site directory")
    parser.add_argument("--screenshots", metavar="OUT_DIR", help="save light/dark/phone PNGs here")
    args = parser.parse_args()

    if not args.site.is_dir():
        print(f"browser: {args.site} is not a directory", file=sys.stderr)
        return 1
    executable = find_chromium()
    if not executable:
        print(
            "browser: chromium not found; install Debian's chromium (apt-get install -y chromium)",
            file=sys.stderr,
        )
        return 2

    checks = CHECKS + ([("screenshots", check_screenshots)] if args.screenshots else [])
    site = Site(args.site)
    started = time.monotonic()

    # Backstop: if anything blocks outside the select()-based waits, SIGALRM
    # turns it into a BrowserError so the finally clause still kills Chromium.
    def on_alarm(signum, frame):
        raise BrowserError(f"the run took longer than {TOTAL_TIMEOUT + 10:.0f} s in total")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(TOTAL_TIMEOUT + 10))
    browser = None
    failed = []
    passed = 0
    try:
        browser = Browser(executable, deadline=started + TOTAL_TIMEOUT)
        browser.open_page()
        for name, check in checks:
            try:
                detail = check(browser, site, args)
            except CheckFailed as failure:
                failed.append(name)
                print(f"FAIL {name}: {failure}", flush=True)
                continue
            passed += 1
            print(f"ok   {name}: {detail}", flush=True)
    except BrowserError as error:
        print(f"FAIL browser: {error}", flush=True)
        failed.append("browser")
    finally:
        signal.alarm(0)
        if browser:
            browser.close()

    took = time.monotonic() - started
    if failed:
        print(f"browser: {len(failed)} failed ({', '.join(failed)}), {passed} passed, in {took:.1f} s")
        return 1
    print(f"browser: {passed} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
