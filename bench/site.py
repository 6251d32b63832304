#!/usr/bin/env python3
"""The site's size and build time as a book grows: a book of N pages, one per
example of the CommonMark spec (Tests/PrimedocKitTests/Fixtures/spec-0.30.json,
those without links or images, whose made-up targets the link check would refuse;
cycled; no scenarios), built with `primedoc build`. Prints seconds (median of --repeats) and
the site's size for each size and each primedoc given.

    bench/site.py [--pages 650] [--repeats 3] [PRIMEDOC ...]   # default: the release build
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_book(folder, pages):
    examples = [e for e in json.load(open(os.path.join(ROOT, "Tests/PrimedocKitTests/Fixtures/spec-0.30.json")))
                if "[" not in e["markdown"]]
    book = os.path.join(folder, "docs-src")
    os.makedirs(book)
    with open(os.path.join(book, "SUMMARY.md"), "w") as summary:
        summary.write("# Summary\n\n")
        for p in range(pages):
            example = examples[p % len(examples)]
            summary.write(f"- [Example {p}: {example['section']}](page{p}.md)\n")
            with open(os.path.join(book, f"page{p}.md"), "w") as page:
                page.write(f"# Example {p}\n\n" + example["markdown"])
    return folder


def size(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="650")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("primedoc", nargs="*")
    args = parser.parse_args()
    binaries = [os.path.abspath(b) for b in args.primedoc] or [os.path.join(subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip(), "primedoc")]
    print(f"{'pages':>6} | {'primedoc':<40} | {'build s (median)':>16} | {'site MB':>8} | {'largest page KB':>15}")
    for pages in [int(p) for p in args.pages.split(",")]:
        folder = write_book(tempfile.mkdtemp(prefix="primedoc-site-"), pages)
        for binary in binaries:
            times = []
            for _ in range(args.repeats):
                shutil.rmtree(os.path.join(folder, "site"), ignore_errors=True)
                start = time.perf_counter()
                result = subprocess.run([binary, "build", "docs-src", "--output", "site", "--no-cache"], cwd=folder,
                                        capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                if result.returncode != 0:
                    sys.exit(f"{binary} build failed:\n{result.stderr[-2000:]}")
            site = os.path.join(folder, "site")
            largest = max(os.path.getsize(os.path.join(site, f)) for f in os.listdir(site) if f.endswith(".html"))
            print(f"{pages:>6} | {binary[-40:]:<40} | {statistics.median(times):>16.2f} | "
                  f"{size(site) / 1e6:>8.2f} | {largest / 1e3:>15.1f}")
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
