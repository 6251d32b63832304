#!/usr/bin/env python3
"""Counts how The Swift Programming Language's listings fared in a primedoc check, and
explains every one that did not verify by the causes in known-failures.txt.

    examples/tspl/classify.py BOOK REPORT.json KNOWN-FAILURES.txt

Exit 1 when fewer than TARGET runnable listings verify, when a listing fails that
the file does not explain, or when one it lists verifies (the list must be exact).
"""
import json
import os
import re
import sys

TARGET = 950


def pages(book):
    """Each page of the book, once: its path relative to the book's parent, and its text."""
    for folder, _, files in os.walk(book):
        for name in files:
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, os.path.dirname(book)), open(path).read()


def read_scenarios(book):
    """Each scenario's kind (run, trap, compile-fail) and session, and each compile-fail
    scenario's expected error lines, by (page, name)."""
    kinds, expected = {}, {}
    errors = r"^(`{3,})swift scenario name=(\S+) .*compile-fail.*\n(?:.*\n)*?\1\n\n(`{3,})output\n((?:.*\n)*?)\3$"
    for page, text in pages(book):
        for m in re.finditer(r"^`{3,}swift scenario name=(\S+) session=(\S+)(.*)$", text, re.M):
            kind = "compile-fail" if "compile-fail" in m.group(3) else "trap" if "expect=trap" in m.group(3) else "run"
            kinds[(page, m.group(1))] = (kind, m.group(2))
        for m in re.finditer(errors, text, re.M):
            expected[(page, m.group(2))] = [line for line in m.group(4).split("\n") if line]
    return kinds, expected


def known_failures(path):
    causes, listed = {}, {}
    cause = None
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        section = re.match(r"\[(\S+)\]\s*(.*)", line)
        if section:
            cause = section.group(1)
            causes[cause] = section.group(2)
        else:
            listed[line] = cause
    return causes, listed


def main():
    book, report_path, known_path = sys.argv[1:4]
    report = json.load(open(report_path))
    kinds, expected = read_scenarios(book)
    causes, listed = known_failures(known_path)
    counts = {}
    failed = []
    for s in report["scenarios"]:
        kind, _ = kinds[(s["page"], s["scenario"])]
        verified = s["status"] == "verified"
        counts.setdefault(kind, [0, 0])[0 if verified else 1] += 1
        if not verified:
            failed.append((s, kind))
    sessions = {session for _, session in kinds.values()}
    run_ok, run_bad = (counts.get("run", [0, 0])[i] + counts.get("trap", [0, 0])[i] for i in (0, 1))
    cf_ok, cf_bad = counts.get("compile-fail", [0, 0])
    print("The Swift Programming Language: %d scenarios in %d sessions" % (len(report["scenarios"]), len(sessions)))
    print("runnable listings: %d of %d verified (%d expecting a trap: %d verified); target %d"
          % (run_ok, run_ok + run_bad, sum(counts.get("trap", [0, 0])), counts.get("trap", [0, 0])[0], TARGET))
    superset = 0
    for s, kind in failed:
        if kind == "compile-fail":
            actual = [re.sub(r"^\S+:\d+:\d+: ", "", line) for line in (s.get("output") or "").split("\n")]
            wanted = expected.get((s["page"], s["scenario"]), [None])
            superset += all(line in actual for line in wanted)
    print("compile-fail listings: %d of %d produce exactly the errors the book expects; %d more produce them among others"
          % (cf_ok, cf_ok + cf_bad, superset))
    by_cause, unexplained = {}, []
    for s, kind in failed:
        cause = listed.get(s["scenario"])
        if cause is None:
            unexplained.append(s)
        else:
            by_cause.setdefault(cause, []).append(s["scenario"])
    print("failures by cause:")
    for cause, text in causes.items():
        names = by_cause.get(cause, [])
        print("  %3d  %s: %s" % (len(names), cause, text))
    passing = sorted(set(listed) - {s["scenario"] for s, _ in failed})
    for s in unexplained:
        first = (s.get("message") or "").split("\n")
        print("UNEXPLAINED %s (%s): %s" % (s["scenario"], s["page"], " / ".join(first[:3])[:400]))
    for name in passing:
        print("LISTED BUT NOT FAILING (remove it from %s): %s" % (os.path.basename(known_path), name))
    if run_ok < TARGET or unexplained or passing:
        sys.exit(1)


if __name__ == "__main__":
    main()
