#!/usr/bin/env python3
"""Turns The Swift Programming Language's chapters, with their hidden `swifttest`
listings, into a primedoc book: one page per chapter, a session per test name.

    examples/tspl/convert.py SOURCE OUT

SOURCE is the folder of chapters (`examples/tspl/source`, a copy of the book's
Markdown, or ../shared/testdata/tspl); OUT receives `SUMMARY.md` and the pages. Each
hidden test listing (an HTML comment holding a ```swifttest block, in the dialect
SOURCE/README.md describes) becomes a `swift scenario` block in place of the
comment, in the session its test name gives, with the output the listing expects:

  -> code    >> hidden code    (indented) continuation    // comment
  << / <- / </ expected output, <<- an empty output line
  /> a string-literal body that is printed (a template), its result on `</` lines
  !$ error: … expected compiler error (the listing must not compile)
  !! quoted source and carets: not compared
  xx expected runtime failure (the listing must trap)

A listing with several test names (`a, b`) is the same code in each session. The
book is compiled in Swift 5, the language mode the listings were written for.
Not a product command: the proof that primedoc runs Swift nobody here wrote.
"""
import os
import re
import sys

HEADER = re.compile(r"^\s*-\s*test:\s*`([^`]*)`|^\s*\.\. testcode::\s*(\S+)")
FENCE_OPEN = re.compile(r"^(\s*)```swifttest\s*$")
MARKERS = ("->", ">>", "/>", "<<", "<-", "</", "!$", "!!", "xx")


def session_name(raw):
    """primedoc session names are anchors: letters, digits, '-', '_', '.', a letter first."""
    name = re.sub(r"[^A-Za-z0-9._-]", "-", raw.strip())
    return name if name[:1].isalpha() else "t" + name


def parse_listing(lines, indent):
    """The code, expected output, expected errors and whether it traps, of one listing."""
    code, output, errors, traps = [], [], [], False
    for raw in lines:
        if not raw.strip():
            code.append("")
            continue
        # Markers sit at the block's indentation, give or take a space or two.
        body = raw.lstrip(" ")
        marker, rest = body[:2], body[3:] if len(body) > 2 else ""
        lead = len(raw) - len(body)
        if lead > indent + 1 or body[2:3] not in ("", " ", "-") or marker not in MARKERS:
            marker = ""
        if marker in ("->", ">>"):
            code.append(rest)
        elif body.rstrip() == ">":  # once, a broken `>> }`
            code.append("}")
        elif marker == "/>":
            code.append('print("' + rest + '")')
        elif body.startswith("<<-"):
            output.append("")
        elif marker in ("<<", "<-", "</"):
            output.append(rest)
        elif marker == "!$":
            if rest.startswith("error:"):
                errors.append(rest)
        elif marker == "!!":
            # The older form quotes the whole diagnostic: `!! /tmp/x.swift:1:2: error: …`.
            found = re.match(r"\S+:\d+:\d+: (error: .*)$", rest)
            if found:
                errors.append(found.group(1))
        elif marker == "xx":
            traps = True
        elif body.startswith("//") and lead <= indent + 1:
            code.append(body)
        else:
            # A continuation of the code line above, aligned after its marker (or less).
            spaces = len(raw) - len(raw.lstrip(" "))
            code.append(raw[min(spaces, indent + 3):])
    while code and not code[-1].strip():
        code.pop()
    return code, output, errors, traps


def fence_for(lines):
    """A backtick fence longer than any run of backticks in the block."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


# DocC's image references name an image of the catalog (`![…](referenceCycle01)`), which
# is not copied here: the page says which figure stood there instead.
DOCC_IMAGE = re.compile(r"!\[([^\]]*)\]\(([A-Za-z0-9_-]+)\)")


def convert_chapter(text):
    """The chapter with each hidden test comment replaced by its scenarios, and
    DocC's image references replaced by the figure's description."""
    text = DOCC_IMAGE.sub(lambda m: "*(figure %s: %s)*" % (m.group(2), m.group(1) or "no description"), text)
    lines = text.split("\n")
    out = []
    counts = {}
    comment_start = None
    index = 0
    pending = []  # scenarios of the comment being read
    while index < len(lines):
        line = lines[index]
        if comment_start is None and line.lstrip().startswith("<!--"):
            comment_start = len(out)
            pending = []
        opened = FENCE_OPEN.match(line)
        if comment_start is not None and opened:
            indent = len(opened.group(1))
            names = None
            for back in range(len(out) - 1, comment_start - 1, -1):
                header = HEADER.match(out[back])
                if header:
                    names = header.group(1) or header.group(2)
                    break
            body = []
            index += 1
            while index < len(lines) and lines[index].strip() != "```":
                body.append(lines[index])
                index += 1
            code, output, errors, traps = parse_listing(body, indent)
            sessions = [n for n in (names or "").split(",") if n.strip()] or ["anonymous-%d" % index]
            for raw in sessions:
                session = session_name(raw)
                counts[session] = counts.get(session, 0) + 1
                pending.append((session, counts[session], code, output, errors, traps))
            out.append("")  # the fence's closing line stands in for the listing
            index += 1
            continue
        out.append(line)
        if comment_start is not None and "-->" in line:
            if pending:
                del out[comment_start:]
                for scenario in pending:
                    out.extend(render(*scenario))
            comment_start = None
        index += 1
    return "\n".join(out)


def render(session, number, code, output, errors, traps):
    words = ["swift", "scenario", "name=%s-%d" % (session, number), "session=" + session]
    if errors:
        words.append("compile-fail")
        expected = errors
    elif traps:
        words.append("expect=trap")
        # The runtime's message differs from the REPL's; the book names only its kind.
        expected = output + ["..."]
    else:
        expected = output
    fence = fence_for(code)
    block = [fence + " ".join(words)] + code + [fence, ""]
    out_fence = fence_for(expected)
    return block + [out_fence + "output"] + expected + [out_fence, ""]


def chapters(source):
    """The chapters in the book's order: its table of contents, then any left."""
    found = {}
    for folder in sorted(os.listdir(source)):
        path = os.path.join(source, folder)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".md"):
                    found[name[:-3]] = os.path.join(folder, name)
    order = []
    toc = os.path.join(source, "The-Swift-Programming-Language.md")
    if os.path.exists(toc):
        order = [n for n in re.findall(r"<doc:([A-Za-z0-9]+)>", open(toc).read()) if n in found]
    order += [n for n in sorted(found) if n not in order]
    seen = []
    for name in order:
        if name not in seen:
            seen.append(name)
    return [(name, found[name]) for name in seen]


def title_of(text, fallback):
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert.py SOURCE OUT")
    source, out = sys.argv[1], sys.argv[2]
    summary = ["---", "swift-version: 5", "library: none", "---", "", "# The Swift Programming Language", ""]
    listings = 0
    found = chapters(source)
    for name, path in found:
        text = open(os.path.join(source, path), encoding="utf-8").read()
        listings += len(re.findall(r"```swifttest", text))
        target = os.path.join(out, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as page:
            page.write(convert_chapter(text))
        summary.append("- [%s](%s)" % (title_of(text, name), path))
    with open(os.path.join(out, "SUMMARY.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(summary) + "\n")
    print("%d chapters, %d listings" % (len(found), listings), file=sys.stderr)


if __name__ == "__main__":
    main()
