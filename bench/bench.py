"""Benchmark: kb check and the full site build against plain MkDocs + Material (and Hugo,
where installed) on the same number of equivalent pages, measured side by side in one run.

Each command is timed in wall time and in CPU time (user + system) of its whole process tree,
forked children included: a build that uses the second core may finish sooner yet cost more.
`kb check` is compared with merely parsing the same front matter with libyaml
(bench/parse_front_matter.py), started the same way. Where Chromium is installed, what a
reader pays is measured on both sites too (bench/reader.py): the bytes of a page view, and the
time and bytes from typing a word of an entry's title to a link to it.

Usage: python bench/bench.py [--sizes 1000,2000] [--repeat 3] [--out bench/results.md]
Ratios, not absolute times, are what to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
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
    "    return usage.ru_utime + usage.ru_stime\n"
    "cpu_before, start = cpu(), time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "wall, cpu_time = time.perf_counter() - start, cpu() - cpu_before\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(wall, cpu_time, peak, code)\n"
)


class Sample(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time, over every process the command started
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
    wall, cpu, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr}")
    return Sample(float(wall), float(cpu), int(peak))


# As under `mkdocs serve`: one process builds again and again while its web server's thread
# runs.
REBUILD = (
    "import pathlib, threading, time\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "server = threading.Event()\n"
    "threading.Thread(target=server.wait, daemon=True).start()\n"
    "build(load_config('mkdocs.yml', site_dir='site'))\n"
    "entry = sorted(pathlib.Path('content/claims').glob('*.md'))[-1]\n"
    "entry.write_text(entry.read_text() + '\\nEdited.\\n')\n"
    "start = time.perf_counter()\n"
    "build(load_config('mkdocs.yml', site_dir='site'))\n"
    "print(time.perf_counter() - start)\n"
    "server.set()\n"
)


def measure_rebuild(root: Path) -> float:
    """Seconds to rebuild, as `mkdocs serve` does, after one entry is edited."""
    done = subprocess.run(
        [sys.executable, "-c", REBUILD],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_size(n: int, repeat: int, work: Path) -> dict:
    kb_root, plain_root, hugo_root = work / f"kb-{n}", work / f"plain-{n}", work / f"hugo-{n}"
    print(f"[{n} entries] generating", flush=True)
    write_knowledge_base(kb_root, n)
    write_plain_site(plain_root, n)
    hugo = shutil.which("hugo")
    if hugo:
        write_hugo_site(hugo_root, n)
    runs: dict[str, list[Sample]] = {name: [] for name in ("check", "yaml", "kb", "plain", "hugo")}
    parse = [sys.executable, str(HERE / "parse_front_matter.py"), "content"]
    for round_number in range(1, repeat + 1):
        print(f"[{n} entries] round {round_number}/{repeat}", flush=True)
        # Alternate the runs so a busy machine slows each alike.
        runs["check"].append(measure([str(BIN / "kb"), "check"], kb_root))
        runs["yaml"].append(measure(parse, kb_root))
        runs["kb"].append(measure([str(BIN / "mkdocs"), "build", "-q", "-d", "site"], kb_root))
        runs["plain"].append(
            measure([str(BIN / "mkdocs"), "build", "-q", "-d", "site"], plain_root)
        )
        if hugo:
            runs["hugo"].append(measure([hugo, "--quiet", "-d", "public"], hugo_root))
    result = {"n": n, "rebuild_s": measure_rebuild(kb_root)}
    for name, samples in runs.items():
        if samples:
            result[f"{name}_s"] = statistics.median(s.wall for s in samples)
            result[f"{name}_cpu_s"] = statistics.median(s.cpu for s in samples)
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


def table(results: list[dict]) -> str:
    """Times: wall time, and CPU time of the whole process tree, with the ratios."""
    lines = [
        "| entries | kb check | libyaml parse | check ratio wall / CPU | kb build | plain build "
        "| build ratio wall | kb build CPU | plain build CPU | build ratio CPU "
        "| rebuild after one edit | hugo build |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        hugo = f"{r['hugo_s']:.2f} s" if "hugo_s" in r else "not installed"
        check_wall, check_cpu = _ratio(r, "check", "yaml", False), _ratio(r, "check", "yaml", True)
        build_wall, build_cpu = _ratio(r, "kb", "plain", False), _ratio(r, "kb", "plain", True)
        lines.append(
            f"| {r['n']} | {r['check_s']:.2f} s | {r['yaml_s']:.2f} s | "
            f"{check_wall:.2f}x / {check_cpu:.2f}x | {r['kb_s']:.2f} s | {r['plain_s']:.2f} s | "
            f"**{build_wall:.2f}x** | {r['kb_cpu_s']:.2f} s | {r['plain_cpu_s']:.2f} s | "
            f"**{build_cpu:.2f}x** | {r['rebuild_s']:.2f} s | {hugo} |"
        )
    return "\n".join(lines)


def sizes_table(results: list[dict]) -> str:
    lines = [
        "| entries | peak memory kb / plain | site per entry kb / plain | "
        "search index per entry kb / plain |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        n = r["n"]
        lines.append(
            f"| {n} | {r['kb_mib']:.0f} / {r['plain_mib']:.0f} MiB | "
            f"{r['kb_site_mb'] * 1e3 / n:.1f} / {r['plain_site_mb'] * 1e3 / n:.1f} kB | "
            f"{r['kb_index_mb'] * 1e3 / n:.2f} / {r['plain_index_mb'] * 1e3 / n:.2f} kB |"
        )
    return "\n".join(lines)


def reader_table(results: list[dict]) -> str:
    """What a reader downloads and waits for, in Chromium (MB as served; gzipped in brackets)."""
    lines = [
        "| entries | open an entry page kb / plain | search index kb / plain "
        "| search downloads kb / plain | keystroke to result kb / plain "
        f"| same, CPU {reader.CPU_SLOWDOWN}x slower, kb / plain |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "kb_page_mb" not in r:
            continue
        lines.append(
            f"| {r['n']} | {r['kb_page_mb']:.2f} ({r['kb_page_gz_mb']:.2f}) / "
            f"{r['plain_page_mb']:.2f} ({r['plain_page_gz_mb']:.2f}) MB | "
            f"{r['kb_index_mb']:.1f} / {r['plain_index_mb']:.1f} MB | "
            f"{r['kb_search_mb']:.2f} ({r['kb_search_gz_mb']:.2f}) / "
            f"{r['plain_search_mb']:.2f} ({r['plain_search_gz_mb']:.2f}) MB | "
            f"{r['kb_search_s']:.2f} / {r['plain_search_s']:.2f} s | "
            f"{r['kb_search_slow_s']:.2f} / {r['plain_search_slow_s']:.2f} s |"
        )
    if len(lines) == 2:
        return "Chromium (/usr/bin/chromium) is not installed: what a reader pays is not measured."
    return "\n".join(lines)


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
        for label, cpu in (("wall", False), ("CPU", True)):
            ratio = _ratio(r, "check", "yaml", cpu)
            rows.append(
                (
                    f"kb check at {r['n']} entries ≤ {MAX_CHECK_RATIO:g}x parsing its front "
                    f"matter with libyaml, {label} time",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--work", type=Path, default=HERE / "work")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    results = [bench_size(n, args.repeat, args.work) for n in sizes]
    report = (
        f"# Benchmark results\n\nMedians of {args.repeat} alternating runs on "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}. "
        "Plain build: MkDocs + Material on the same pages written by hand, kept out of "
        "the nav. CPU: user and system time of the whole process tree. libyaml parse: "
        "the same entries' front matter composed by libyaml and nothing else "
        "(bench/parse_front_matter.py). Reader (bench/reader.py, Chromium, no cache): MB "
        "served to open the entry in the middle (gzipped in brackets), then from the first "
        "keystroke of the number ending its title to a link to it; plain is Material's "
        "own search (lunr), kb the Pagefind index. Search index: plain's "
        "search_index.json, kb's pagefind/ folder.\n\n"
        + table(results)
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
    print(sizes_table(results))
    print()
    print(reader_table(results))
    print()
    print(targets(results))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
