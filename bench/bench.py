"""Benchmark: kb check and the full site build against plain MkDocs + Material (and Hugo,
where installed) on the same number of equivalent pages, measured side by side in one run.

Each command is timed in wall time and in CPU time (user + system) of its whole process tree,
forked children included: a build that uses the second core may finish sooner yet cost more.
The system time is reported on its own too, and both builds are timed again with their site
folder in memory (/dev/shm, where it is writable), to tell what each generator does from what
the file system adds (the targets are judged on disk).
`kb check` is compared with merely loading the same front matter with libyaml
(bench/parse_front_matter.py), started the same way. Where Chromium is installed, what a
reader pays is measured on both sites too (bench/reader.py): the bytes of a page view, and the
time and bytes from typing a word of an entry's title to a link to it.

With --settle SECONDS, the disk is synced and left quiet that long before each build on disk,
so that no build pays for the files the one before it removed: on ext4 without a journal, the
inode allocator passes over every inode freed in the last minute, one by one, and a build run
straight after another pays seconds of system time for the other's files.

Usage: python bench/bench.py [--sizes 1000,2000] [--repeat 3] [--settle 0] [--out bench/results.md]
Ratios, not absolute times, are what to compare across machines.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import reader
from generate import write_hugo_site, write_knowledge_base, write_plain_site

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "def cpu():\n"
    "    usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    return usage.ru_utime + usage.ru_stime, usage.ru_stime\n"
    "(cpu_before, system_before), start = cpu(), time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "wall, (cpu_after, system_after) = time.perf_counter() - start, cpu()\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(wall, cpu_after - cpu_before, system_after - system_before, peak, code)\n"
)
# `kb check` and its baseline take seconds where a build takes a minute: each round times them
# this many times, alternating, so their ratio, which a shared machine swings by a tenth either
# way from one pair of runs to the next, is a median of more runs than the builds'.
CHECK_PAIRS = 3
# A folder in memory (tmpfs), where a build's files cost no disk work: builds are timed there
# too, to tell the generators' own work from what the file system adds to it.
MEMORY = Path("/dev/shm")


class Sample(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time, over every process the command started
    system: float  # seconds of system time, part of `cpu`: mostly the file system's work
    peak: int  # KiB, of the largest process


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """One run of `command`, in its own process; a child's CPU time is counted once it is
    reaped, so the command's forked helpers are counted too."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        env=env or ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, system, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr}")
    return Sample(float(wall), float(cpu), float(system), int(peak))


def _served(url: str, text: str, seconds: float) -> float:
    """When the page at `url` first shows `text` (perf_counter), polling every 20 ms."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {text!r}")


# Edits of each kind under `make serve`, whatever --repeat says: an edit costs seconds, not a
# build, and when serve's file watcher polled, its phase (0 to 0.5 s) made any one of them vary
# by a fifth of the 0.1x target at 10,000 entries, so a median of three moved by 0.8 s between
# runs.
EDITS = 7


def measure_edit_refresh(root: Path, edits: int = EDITS) -> dict[str, float]:
    """Under `make serve` (`mkdocs serve --dirty`), seconds from saving an edit to one entry
    to its page served with the edit: to its body (shown on its page alone) and to its title
    (shown on its neighbours, the lists and the tags page too). Medians of `edits` edits of
    each kind; what serve's file watcher adds is included (the system's notices, as the plugin
    sets it up by default; `watcher: polling` in the knowledge base's mkdocs.yml would time
    MkDocs' own, which polls every 0.5 s). Each edit is saved after a random pause, so that it
    falls anywhere in a polling watcher's cycle, as a person's would: saved as soon as the last
    one showed, every edit of one kind fell at the same point of it (at 3,000 entries, body
    edits just after a poll, so waiting 0.5 s for the next, and title edits just before one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    entry = sorted((root / "content" / "claims").glob("*.md"))[-1]
    url = f"http://127.0.0.1:{port}/claims/{entry.stem}/"
    original = entry.read_text(encoding="utf-8")
    log = tempfile.TemporaryFile()  # serve's messages, shown if a page never shows an edit
    serve = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    times: dict[str, list[float]] = {"body": [], "title": []}
    try:
        _served(url, "kb-statement", 1800)
        text, title_mark = original, ""
        pauses = random.Random(edits)
        for number in range(edits):
            for kind in times:  # each edit changes the body alone, or the title alone
                mark = f"Edited{kind}{number}"
                if kind == "body":
                    text += f"\n{mark}\n"
                else:  # the mark replaces the last one: a title has at most 160 characters
                    text = text.replace(f"title: {title_mark}", f"title: {mark} ", 1)
                    title_mark = f"{mark} "
                time.sleep(pauses.uniform(0, 1))
                entry.write_text(text, encoding="utf-8")
                start = time.perf_counter()
                times[kind].append(_served(url, mark, 600) - start)
    except SystemExit as failure:
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").splitlines()[-20:]
        raise SystemExit("\n".join([str(failure), "mkdocs serve said:", *tail])) from None
    finally:
        serve.terminate()
        serve.wait(timeout=60)
        log.close()
        entry.write_text(original, encoding="utf-8")
    return {f"refresh_{kind}_s": statistics.median(values) for kind, values in times.items()}


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def settle(seconds: float) -> None:
    """Let the disk be quiet: what is written is on disk, and what was removed long enough ago
    that new files do not pass over it (60 s on ext4 without a journal)."""
    if seconds > 0:
        os.sync()
        time.sleep(seconds)


def bench_size(n: int, repeat: int, work: Path, settled: float = 0) -> dict:
    kb_root, plain_root, hugo_root = work / f"kb-{n}", work / f"plain-{n}", work / f"hugo-{n}"
    print(f"[{n} entries] generating", flush=True)
    write_knowledge_base(kb_root, n)
    write_plain_site(plain_root, n)
    hugo = shutil.which("hugo")
    if hugo:
        write_hugo_site(hugo_root, n)
    names = ("check", "yaml", "kb", "plain", "hugo", "kb_memory", "plain_memory")
    runs: dict[str, list[Sample]] = {name: [] for name in names}
    parse = [sys.executable, str(HERE / "parse_front_matter.py"), "content"]
    memory = MEMORY / f"kb-bench-{os.getpid()}" if os.access(MEMORY, os.W_OK) else None
    try:
        for round_number in range(1, repeat + 1):
            print(f"[{n} entries] round {round_number}/{repeat}", flush=True)
            # Alternate the runs so a busy machine slows each alike.
            for _ in range(CHECK_PAIRS):
                runs["check"].append(measure([str(BIN / "kb"), "check"], kb_root))
                runs["yaml"].append(measure(parse, kb_root))
            settle(settled)
            runs["kb"].append(measure([str(BIN / "mkdocs"), "build", "-q", "-d", "site"], kb_root))
            settle(settled)
            runs["plain"].append(
                measure([str(BIN / "mkdocs"), "build", "-q", "-d", "site"], plain_root)
            )
            if hugo:
                runs["hugo"].append(measure([hugo, "--quiet", "-d", "public"], hugo_root))
            if memory is not None:
                for name, root in (("kb", kb_root), ("plain", plain_root)):
                    site = str(memory / name)
                    build = [str(BIN / "mkdocs"), "build", "-q", "-d", site]
                    runs[f"{name}_memory"].append(measure(build, root))
    finally:
        if memory is not None:
            shutil.rmtree(memory, ignore_errors=True)
    print(f"[{n} entries] edits under make serve", flush=True)
    result = {"n": n, **measure_edit_refresh(kb_root)}
    for name, samples in runs.items():
        if samples:
            result[f"{name}_s"] = statistics.median(s.wall for s in samples)
            result[f"{name}_cpu_s"] = statistics.median(s.cpu for s in samples)
            result[f"{name}_system_s"] = statistics.median(s.system for s in samples)
            result[f"{name}_mib"] = max(s.peak for s in samples) / 1024
    for name, root in (("kb", kb_root), ("plain", plain_root)):
        result[f"{name}_site_mb"] = folder_size(root / "site") / 1e6
    result["kb_index_mb"] = folder_size(kb_root / "site/pagefind") / 1e6
    result["plain_index_mb"] = (plain_root / "site/search/search_index.json").stat().st_size / 1e6
    if reader.available():
        # An entry in the middle, searched by the number that ends its title.
        entry = f"entry-{n // 2:05d}"
        folder = "claims" if (kb_root / "content/claims" / f"{entry}.md").exists() else "questions"
        for name, root, page in (
            ("kb", kb_root, f"{folder}/{entry}/"),
            ("plain", plain_root, f"pages/{entry}/"),
        ):
            print(f"[{n} entries] reading and searching {name} in Chromium", flush=True)
            costs = reader.reader_costs(root / "site", page, str(n // 2), repeat)
            result.update({f"{name}_{key}": value for key, value in costs.items()})
    return result


def _ratio(r: dict, name: str, baseline: str, cpu: bool) -> float:
    suffix = "_cpu_s" if cpu else "_s"
    return r[name + suffix] / r[baseline + suffix]


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table: every column but the first of text right-aligned."""
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(["---:"] * len(headers)) + " |"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def table(results: list[dict]) -> str:
    """Times: wall time, and CPU time of the whole process tree, with the ratios."""
    rows = []
    for r in results:
        check_wall, check_cpu = _ratio(r, "check", "yaml", False), _ratio(r, "check", "yaml", True)
        build_wall, build_cpu = _ratio(r, "kb", "plain", False), _ratio(r, "kb", "plain", True)
        rows.append(
            [
                f"{r['n']}",
                f"{r['check_s']:.2f} s",
                f"{r['yaml_s']:.2f} s",
                f"{check_wall:.2f}x / {check_cpu:.2f}x",
                f"{r['kb_s']:.2f} s",
                f"{r['plain_s']:.2f} s",
                f"**{build_wall:.2f}x**",
                f"{r['kb_cpu_s']:.2f} s",
                f"{r['plain_cpu_s']:.2f} s",
                f"**{build_cpu:.2f}x**",
                f"{r['hugo_s']:.2f} s" if "hugo_s" in r else "not installed",
            ]
        )
    headers = ["entries", "kb check", "libyaml load", "check ratio wall / CPU", "kb build"]
    headers += ["plain build", "build ratio wall", "kb build CPU", "plain build CPU"]
    return markdown_table(headers + ["build ratio CPU", "hugo build"], rows)


def memory_table(results: list[dict]) -> str:
    """System time on disk, and the same builds with the site folder in memory (tmpfs)."""
    rows = [
        [
            f"{r['n']}",
            f"{r['kb_system_s']:.2f} / {r['plain_system_s']:.2f} s",
            f"{r['kb_memory_s']:.2f} s",
            f"{r['plain_memory_s']:.2f} s",
            f"{_ratio(r, 'kb_memory', 'plain_memory', False):.2f}x",
            f"{r['kb_memory_cpu_s']:.2f} s",
            f"{r['plain_memory_cpu_s']:.2f} s",
            f"{_ratio(r, 'kb_memory', 'plain_memory', True):.2f}x",
        ]
        for r in results
        if "kb_memory_s" in r
    ]
    if not rows:
        return f"{MEMORY} is not writable: builds were not timed with the site in memory."
    headers = ["entries", "system time on disk kb / plain", "in memory: kb build", "plain build"]
    headers += ["ratio wall", "kb build CPU", "plain build CPU", "ratio CPU"]
    return markdown_table(headers, rows)


def edits_table(results: list[dict]) -> str:
    """Under `make serve`: from saving an edit to its page served, beside the full build."""
    rows = [
        [
            f"{r['n']}",
            f"{r['kb_s']:.2f} s",
            f"{r['refresh_body_s']:.2f} s",
            f"**{r['refresh_body_s'] / r['kb_s']:.3f}x**",
            f"{r['refresh_title_s']:.2f} s",
            f"**{r['refresh_title_s'] / r['kb_s']:.3f}x**",
        ]
        for r in results
    ]
    headers = ["entries", "kb build", "body edit to refresh", "ratio to build"]
    return markdown_table(headers + ["title edit to refresh", "ratio to build"], rows)


def sizes_table(results: list[dict]) -> str:
    rows = [
        [
            f"{r['n']}",
            f"{r['kb_mib']:.0f} / {r['plain_mib']:.0f} MiB",
            f"{r['kb_site_mb'] * 1e3 / r['n']:.1f} / {r['plain_site_mb'] * 1e3 / r['n']:.1f} kB",
            f"{r['kb_index_mb'] * 1e3 / r['n']:.2f} / {r['plain_index_mb'] * 1e3 / r['n']:.2f} kB",
        ]
        for r in results
    ]
    headers = ["entries", "peak memory kb / plain", "site per entry kb / plain"]
    return markdown_table(headers + ["search index per entry kb / plain"], rows)


def reader_table(results: list[dict]) -> str:
    """What a reader downloads and waits for, in Chromium (MB as served; gzipped in brackets)."""
    rows = [
        [
            f"{r['n']}",
            f"{r['kb_page_mb']:.2f} ({r['kb_page_gz_mb']:.2f}) / "
            f"{r['plain_page_mb']:.2f} ({r['plain_page_gz_mb']:.2f}) MB",
            f"{r['kb_index_mb']:.1f} / {r['plain_index_mb']:.1f} MB",
            f"{r['kb_search_mb']:.2f} ({r['kb_search_gz_mb']:.2f}) / "
            f"{r['plain_search_mb']:.2f} ({r['plain_search_gz_mb']:.2f}) MB",
            f"{r['kb_search_s']:.2f} / {r['plain_search_s']:.2f} s",
            f"{r['kb_search_slow_s']:.2f} / {r['plain_search_slow_s']:.2f} s",
        ]
        for r in results
        if "kb_page_mb" in r
    ]
    if not rows:
        return "Chromium (/usr/bin/chromium) is not installed: what a reader pays is not measured."
    headers = ["entries", "open an entry page kb / plain", "search index kb / plain"]
    headers += ["search downloads kb / plain", "keystroke to result kb / plain"]
    return markdown_table(headers + [f"same, CPU {reader.CPU_SLOWDOWN}x slower, kb / plain"], rows)


# The targets the project holds itself to (README, Performance).
MAX_BUILD_RATIO = 0.9  # at 3,000 entries and more, in wall time and in CPU time
MAX_CHECK_RATIO = 2.0  # kb check over merely parsing the front matter, at 3,000 and more
MAX_CHECK_SECONDS = 1.5  # at 10,000 entries
MAX_PEAK_MIB = 1024
MAX_GROWTH = 1.1  # cost per entry at the largest size over that at the smallest
# At 10,000 entries and more, as served (not gzipped): opening an entry page, and from typing
# a word of an entry's title to a link to it, in time and in bytes (page view included).
MAX_PAGE_MB = 0.8
MAX_SEARCH_SECONDS = 1.5
MAX_SEARCH_MB = 1.5
MAX_REFRESH_RATIO = 0.1  # an edit to one entry served, over the full build, at 10,000


def targets(results: list[dict]) -> str:
    """Each target with what this run measured, and whether it held."""
    rows = []
    for r in results:
        if r["n"] < 3000:
            continue
        for label, cpu in (("wall", False), ("CPU", True)):
            ratio = _ratio(r, "kb", "plain", cpu)
            rows.append(
                (
                    f"build at {r['n']} entries ≤ {MAX_BUILD_RATIO}x plain, {label} time",
                    f"{ratio:.2f}x",
                    ratio <= MAX_BUILD_RATIO,
                )
            )
        # What a contributor waits for: `kb check` shares its reading with a forked process,
        # which saves wall time and costs CPU time (the times table shows both).
        ratio = _ratio(r, "check", "yaml", False)
        rows.append(
            (
                f"kb check at {r['n']} entries ≤ {MAX_CHECK_RATIO:g}x loading its front "
                "matter with libyaml, wall time",
                f"{ratio:.2f}x",
                ratio <= MAX_CHECK_RATIO,
            )
        )
        if r["n"] >= 10000 and "kb_page_mb" in r:
            rows += [
                (
                    f"opening an entry page at {r['n']} entries ≤ {MAX_PAGE_MB} MB",
                    f"{r['kb_page_mb']:.2f} MB",
                    r["kb_page_mb"] <= MAX_PAGE_MB,
                ),
                (
                    f"a word of a title to a link to its entry at {r['n']} entries "
                    f"≤ {MAX_SEARCH_SECONDS} s",
                    f"{r['kb_search_s']:.2f} s",
                    r["kb_search_s"] <= MAX_SEARCH_SECONDS,
                ),
                (
                    f"bytes downloaded to that link at {r['n']} entries, page view included, "
                    f"≤ {MAX_SEARCH_MB} MB",
                    f"{r['kb_page_mb'] + r['kb_search_mb']:.2f} MB",
                    r["kb_page_mb"] + r["kb_search_mb"] <= MAX_SEARCH_MB,
                ),
            ]
        if r["n"] >= 10000:
            for kind in ("body", "title"):
                ratio = r[f"refresh_{kind}_s"] / r["kb_s"]
                rows.append(
                    (
                        f"{kind} edit to refresh at {r['n']} entries ≤ {MAX_REFRESH_RATIO}x "
                        "the full build, wall time",
                        f"{ratio:.3f}x",
                        ratio <= MAX_REFRESH_RATIO,
                    )
                )
            rows.append(
                (
                    f"kb check at {r['n']} entries ≤ {MAX_CHECK_SECONDS} s",
                    f"{r['check_s']:.2f} s",
                    r["check_s"] <= MAX_CHECK_SECONDS,
                )
            )
    largest = results[-1]
    rows.append(
        (
            f"peak memory at {largest['n']} entries ≤ {MAX_PEAK_MIB} MiB",
            f"{largest['kb_mib']:.0f} MiB",
            largest["kb_mib"] <= MAX_PEAK_MIB,
        )
    )
    if len(results) > 1:
        first = results[0]
        for label, key in (
            ("build time", "kb_s"),
            ("build CPU time", "kb_cpu_s"),
            ("site size", "kb_site_mb"),
            ("search index", "kb_index_mb"),
        ):
            growth = (largest[key] / largest["n"]) / (first[key] / first["n"])
            rows.append(
                (
                    f"{label} per entry, {largest['n']} over {first['n']} entries ≤ {MAX_GROWTH}x",
                    f"{growth:.2f}x",
                    growth <= MAX_GROWTH,
                )
            )
    lines = ["| target | measured | held |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in rows]
    return "\n".join(lines)


def compile_engine() -> None:
    """Compile the engine to bytecode, as installing a package does: the editable install of a
    checkout has none, and where PYTHONDONTWRITEBYTECODE is set, every `kb` and `mkdocs`
    process would compile it again (0.05 s of each `kb check`, 2026-12-01). The libraries the
    builds and the baseline import were compiled when pip installed them."""
    for folder in ("kb", "plugins"):
        if not compileall.compile_dir(HERE.parent / folder, quiet=1):
            raise SystemExit(f"cannot compile {folder}/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--settle", type=float, default=0, help="seconds of quiet disk before each build on disk"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--work", type=Path, default=HERE / "work")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    compile_engine()
    results = [bench_size(n, args.repeat, args.work, args.settle) for n in sizes]
    settled = (
        f" Each build on disk started after {args.settle:g} s of quiet disk (`--settle`)."
        if args.settle > 0
        else ""
    )
    report = (
        f"# Benchmark results\n\nMedians of {args.repeat} alternating runs on "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}; of {args.repeat * CHECK_PAIRS} "
        f"for `kb check` and its baseline, which take seconds.{settled} "
        "Plain build: MkDocs + Material on the same pages written by hand, kept out of "
        "the nav. CPU: user and system time of the whole process tree. The engine runs "
        "from bytecode compiled before the runs, as an installed package does. libyaml load: "
        "the same entries' front matter loaded by libyaml and nothing else "
        "(bench/parse_front_matter.py). Reader (bench/reader.py, Chromium, no cache): MB "
        "served to open the entry in the middle (gzipped in brackets), then from the first "
        "keystroke of the number ending its title to a link to it; plain is Material's "
        "own search (lunr), kb the Pagefind index. Search index: plain's "
        "search_index.json, kb's pagefind/ folder.\n\n"
        + table(results)
        + "\n\nThe same builds with the site folder in memory (tmpfs, "
        f"{MEMORY}), beside the system time each build took on disk: what the file system "
        "adds to each generator's own work. The targets are judged on disk.\n\n"
        + memory_table(results)
        + "\n\nUnder `make serve` (`mkdocs serve --dirty`): from saving an edit to one entry "
        "to its page served with the edit, medians of "
        f"{EDITS} edits of each kind.\n\n"
        + edits_table(results)
        + "\n\n"
        + sizes_table(results)
        + "\n\n"
        + reader_table(results)
        + "\n\n"
        + targets(results)
        + "\n\n```json\n"
        + json.dumps(results, indent=1)
        + "\n```\n"
    )
    args.out.write_text(report, encoding="utf-8")
    print(table(results))
    print()
    print(memory_table(results))
    print()
    print(edits_table(results))
    print()
    print(sizes_table(results))
    print()
    print(reader_table(results))
    print()
    print(targets(results))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
