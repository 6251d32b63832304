#!/usr/bin/env python3
"""primedoc's benchmark: synthetic books of N scenarios, timed cold, warm, after one
edit, against the compiler's floor, against one-compile-per-scenario, and against
rustdoc's doctests (edition 2024 merged, 2021 one compile each) on the same machine.

Usage: bench/run.py [--sizes 10,100,1000] [--repeats 3] [--tspl]
Prints a table of medians (with min..max) and the ratios issues 6 and 15 ask for. Two
floors, both the book's code as one function per page (what primedoc compiles a session
that fits a function body into) linked against the prebuilt library and run once: one
`swiftc` on one core, and the best this machine allows with every core (`-wmo
-num-threads N`, or the code in N files compiled in batch mode with `-j N`, whichever is
faster). `--tspl` also times The
Swift Programming Language as a book (examples/tspl): cold, warm, one edit.
Assumes `swift build` has been run (bench/run.sh does it)."""

import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# primedoc as shipped for speed: a release build (bench/run.sh builds it). The floor
# links against the same libDocModelHarness.a as primedoc's harness.
CONFIGURATION = os.environ.get("BENCH_CONFIGURATION", "release")
BIN = subprocess.run(["swift", "build", "-c", CONFIGURATION, "--show-bin-path"], cwd=ROOT, capture_output=True,
                     text=True).stdout.strip()
PRIMEDOC = os.path.join(BIN, "primedoc")
PER_PAGE = 10


def scenario(i):
    """A few lines that call DocModel and print, as a guide's scenario does."""
    code = (f"let k{i} = Kernel()\n"
            f"let p{i} = k{i}.spawn(\"igt\")\n"
            f"let fd{i} = try p{i}.drm_open_driver(k{i}.load(.vgem))\n"
            f"print(try p{i}.kmstest_dumb_create(fd{i}, {16 + i % 7}, 16, 32))\n")
    pitch = (16 + i % 7) * 4
    output = f"handle 1, stride {pitch}, size {((pitch * 16 + 4095) // 4096) * 4096}\n"
    return code, output


def write_book(folder, n):
    book = os.path.join(folder, "docs-src")
    os.makedirs(book)
    pages = (n + PER_PAGE - 1) // PER_PAGE
    with open(os.path.join(book, "SUMMARY.md"), "w") as summary:
        summary.write("# Summary\n\n")
        for p in range(pages):
            summary.write(f"- [Page {p}](page{p}.md)\n")
            with open(os.path.join(book, f"page{p}.md"), "w") as page:
                page.write(f"# Page {p}\n\n")
                for i in range(p * PER_PAGE, min(n, (p + 1) * PER_PAGE)):
                    code, output = scenario(i)
                    page.write(f"```swift scenario name=s{i}\n{code}```\n\n```output\n{output}```\n\n")
    return book


def timed(cmd, cwd, env=None):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
    return elapsed, result


def primedoc(folder, *extra):
    env = dict(os.environ, PRIMEDOC_REPORT_PEAK_MEMORY="1")
    return timed([PRIMEDOC, "check", "docs-src", "--jobs", "2", *extra], folder, env)


SWIFTC_FLAGS = ["-swift-version", "6", "-Onone", "-gline-tables-only", "-suppress-warnings",
                "-I", os.path.join(BIN, "Modules"), "-L", BIN, "-lDocModelHarness"]


def compile_and_run(folder, sources, name):
    """The floor: swiftc of `sources` (code strings) concatenated into one file, a
    function per page of ten whose scenarios share one scope, as primedoc's pages
    do, against the prebuilt DocModel; link; run once."""
    work = os.path.join(folder, name)
    os.makedirs(work, exist_ok=True)
    main = os.path.join(work, "main.swift")
    pages = [sources[i:i + PER_PAGE] for i in range(0, len(sources), PER_PAGE)]
    with open(main, "w") as f:
        f.write("import DocModel\n\n")
        for p, page in enumerate(pages):
            f.write(f"@MainActor func page{p}() throws {{\n")
            for code in page:
                f.write(code)
            f.write("}\n")
        f.write("".join(f"try page{p}()\n" for p in range(len(pages))))
    t1, _ = timed(["swiftc", *SWIFTC_FLAGS, main, "-o", os.path.join(work, "a.out")], work)
    t2, _ = timed([os.path.join(work, "a.out")], work)
    return t1 + t2


def multicore_floor(folder, sources):
    """The same code as `compile_and_run`, compiled with every core: the fastest of
    `-wmo -num-threads N` (one file) and batch mode over N files with `-j N`."""
    cores = os.cpu_count() or 1
    pages = [sources[i:i + PER_PAGE] for i in range(0, len(sources), PER_PAGE)]
    work = os.path.join(folder, "floor-multicore")
    os.makedirs(work, exist_ok=True)
    # A function per page, dealt into one file per core; main.swift calls them all.
    functions = [f"@MainActor func page{p}() throws {{\n" + "".join(page) + "}\n" for p, page in enumerate(pages)]
    calls = "".join(f"try page{p}()\n" for p in range(len(pages)))
    files = []
    for share in range(cores):
        files.append(os.path.join(work, f"share{share}.swift"))
        with open(files[-1], "w") as f:
            f.write("import DocModel\n\n" + "".join(functions[share::cores]))
    main = os.path.join(work, "main.swift")
    with open(main, "w") as f:
        f.write(calls)
    one_file = os.path.join(work, "all", "main.swift")
    os.makedirs(os.path.dirname(one_file), exist_ok=True)
    with open(one_file, "w") as f:
        f.write("import DocModel\n\n" + "".join(functions) + calls)
    variants = {
        "wmo": ["-wmo", "-num-threads", str(cores), one_file],
        "batch": ["-j", str(cores), *files, main],
    }
    best = None
    for name, arguments in variants.items():
        t, _ = timed(["swiftc", *SWIFTC_FLAGS, *arguments, "-module-name", "Floor", "-o",
                      os.path.join(work, f"a-{name}.out")], work)
        t2, _ = timed([os.path.join(work, f"a-{name}.out")], work)
        best = min(best or t + t2, t + t2)
    return best


def site_build(folder):
    """`primedoc build` after a check: what rendering and writing the site costs."""
    t, _ = timed([PRIMEDOC, "build", "docs-src", "--output", "site", "--jobs", "2"], folder)
    return t


def tspl_workload():
    """The Swift Programming Language as a book: cold, warm and one edit, with
    primedoc's peak memory and the compiler invocations of each."""
    folder = tempfile.mkdtemp(prefix="primedoc-bench-tspl-")
    subprocess.run(["python3", os.path.join(ROOT, "examples/tspl/convert.py"), os.path.join(ROOT, "examples/tspl/source"),
                    os.path.join(folder, "docs-src")], check=True, capture_output=True)
    env = dict(os.environ, PRIMEDOC_REPORT_PEAK_MEMORY="1")
    figures = []
    def check(what):
        start = time.perf_counter()
        result = subprocess.run([PRIMEDOC, "check", "docs-src", "--jobs", "2"], cwd=folder, capture_output=True,
                                text=True, env=env)
        elapsed = time.perf_counter() - start
        invocations = re.search(r"(\d+) compiler invocation", result.stderr).group(1)
        memory = int(re.search(r"peak memory: (\d+) kB", result.stderr).group(1)) / 1024
        figures.append(f"{what} {elapsed:.1f} s ({invocations} compiler invocations, {memory:.0f} MiB)")
    check("cold")
    check("warm")
    # One edit, on a page whose listings all pass (failures are never cached).
    page = os.path.join(folder, "docs-src", "LanguageGuide", "Closures.md")
    text = open(page).read()
    at = text.index("print(", text.index("swift scenario"))
    open(page, "w").write(text[:at] + "print(\"\" + " + text[at + len("print("):])
    check("one edit")
    shutil.rmtree(folder)
    return figures


def rust_doctests(folder, n, edition):
    crate = os.path.join(folder, f"rust-{edition}")
    os.makedirs(os.path.join(crate, "src"))
    with open(os.path.join(crate, "Cargo.toml"), "w") as f:
        f.write(f"[package]\nname = \"docs\"\nversion = \"0.1.0\"\nedition = \"{edition}\"\n\n[dependencies]\n")
    with open(os.path.join(crate, "src", "lib.rs"), "w") as f:
        f.write("pub struct Kernel { next: u32 }\nimpl Kernel {\n    pub fn new() -> Self { Kernel { next: 1 } }\n"
                "    pub fn create(&mut self, w: u32, h: u32, bpp: u32) -> (u32, u32, u32) {\n"
                "        let pitch = w * bpp / 8; let h0 = self.next; self.next += 1;\n"
                "        (h0, pitch, (pitch * h + 4095) / 4096 * 4096) }\n}\n\n")
        for i in range(n):
            f.write(f"/// ```\n/// let mut k = docs::Kernel::new();\n/// let b = k.create({16 + i % 7}, 16, 32);\n"
                    f"/// println!(\"{{:?}}\", b);\n/// assert_eq!(b.0, 1);\n/// ```\npub fn f{i}() {{}}\n\n")
    timed(["cargo", "build", "--offline", "-q"], crate)  # the library itself is not what is compared
    t, _ = timed(["cargo", "test", "--doc", "--offline", "-q"], crate)
    return t


def summary(values):
    return (statistics.median(values), min(values), max(values))


def fmt(stat):
    if stat is None:
        return "—"
    median, low, high = stat
    return f"{median:7.2f} ({low:.2f}..{high:.2f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tspl", action="store_true", help="also time The Swift Programming Language as a book")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows, ratios, memory = [], [], {}
    for n in sizes:
        results = {k: [] for k in ["cold", "warm", "edit", "floor", "multicore", "page", "site", "naive", "rust2024",
                                   "rust2021"]}
        for r in range(args.repeats):
            folder = tempfile.mkdtemp(prefix=f"primedoc-bench-{n}-")
            book = write_book(folder, n)
            t, res = primedoc(folder)
            results["cold"].append(t)
            memory[n] = max(memory.get(n, 0), int(re.search(r"peak memory: (\d+) kB", res.stderr).group(1)))
            t, res = primedoc(folder)
            if "; 0 compiler invocation(s)" not in res.stderr:
                sys.exit("warm check started the compiler:\n" + res.stderr)
            results["warm"].append(t)
            # One edit: scenario 0's code changes (what it prints does not).
            page0 = os.path.join(book, "page0.md")
            text = open(page0).read().replace("k0.spawn(\"igt\")", "k0.spawn(\"igt-edited\")")
            open(page0, "w").write(text)
            t, res = primedoc(folder)
            if ": 1 compiled and run" not in res.stderr:
                sys.exit("one edit recompiled more than its page:\n" + res.stderr)
            results["edit"].append(t)
            results["site"].append(site_build(folder))
            codes = [scenario(i)[0] for i in range(n)]
            results["floor"].append(compile_and_run(folder, codes, "floor"))
            results["multicore"].append(multicore_floor(folder, codes))
            results["page"].append(compile_and_run(folder, codes[:PER_PAGE], "page"))
            if r == 0 and n <= 100:
                results["naive"].append(sum(compile_and_run(folder, [c], f"naive{i}") for i, c in enumerate(codes)))
            if r == 0 and shutil.which("cargo"):
                results["rust2024"].append(rust_doctests(folder, n, "2024"))
                if n <= 100:
                    results["rust2021"].append(rust_doctests(folder, n, "2021"))
            shutil.rmtree(folder)
        stats = {k: summary(v) if v else None for k, v in results.items()}
        rows.append((n, stats))
        med = {k: (v[0] if v else None) for k, v in stats.items()}
        ratios.append((n, med))
        print(f"N={n} done", file=sys.stderr)

    print(f"\nprimedoc benchmark ({CONFIGURATION} build, {os.cpu_count()} cores): seconds, median (min..max) of "
          f"{args.repeats} runs; naive and rustdoc: 1 run")
    print(f"{'N':>5} | {'cold':>18} | {'warm':>18} | {'one edit':>18} | {'site build':>18} | {'floor (1 core)':>18} | "
          f"{'floor (all cores)':>18} | {'page+link':>18} | {'naive':>18} | {'rustdoc 2024':>18} | {'rustdoc 2021':>18} | "
          f"{'peak MiB':>8}")
    for n, s in rows:
        print(f"{n:>5} | {fmt(s['cold']):>18} | {fmt(s['warm']):>18} | {fmt(s['edit']):>18} | {fmt(s['site']):>18} | "
              f"{fmt(s['floor']):>18} | {fmt(s['multicore']):>18} | {fmt(s['page']):>18} | {fmt(s['naive']):>18} | "
              f"{fmt(s['rust2024']):>18} | {fmt(s['rust2021']):>18} | {memory[n] / 1024:>8.0f}")
    print("\nratios (targets from issues 6 and 15; issue 15's where they differ)")
    for n, m in ratios:
        def ratio(a, b):
            return f"{m[a] / m[b]:.2f}" if m.get(a) and m.get(b) else "—"
        print(f"N={n:>4}: cold/floor {ratio('cold', 'floor')} (≤ 1.3) | one-edit/(page+link) {ratio('edit', 'page')} "
              f"(≤ 1.3 at N=1000) | naive/cold {ratio('naive', 'cold')} (≥ 15) | primedoc-cold/rustdoc-2024 "
              f"{ratio('cold', 'rust2024')} (≤ 0.6 at N=100, ≤ 0.8 at N=1000) | warm {m['warm']:.3f} s (≤ 0.5 at "
              f"N=10000) | peak memory {memory[n] / 1024:.0f} MiB (≤ 200) | cold/floor-all-cores "
              f"{ratio('cold', 'multicore')} (≤ 1.15 at N=1000)")
    for (n, a), (m_, b) in zip(ratios, ratios[1:]):
        grow = {k: f"{b[k] / a[k]:.1f}×" if a.get(k) and b.get(k) else "—" for k in ["cold", "warm", "edit", "site"]}
        print(f"N={n} → {m_} ({m_ / n:.0f}× the scenarios): cold {grow['cold']}, warm {grow['warm']}, "
              f"one edit {grow['edit']}, site {grow['site']}, peak memory {memory[m_] / max(1, memory[n]):.1f}×")
    if args.tspl:
        print("\nThe Swift Programming Language as a book: " + "; ".join(tspl_workload()))


if __name__ == "__main__":
    main()
