"""`make bench` end to end, at a size small enough for the suite: it must run from a clean
tree, build valid knowledge bases, and write the table and the targets it reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_bench_writes_its_table_and_targets(tmp_path):
    out = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "bench.py"),
            "--sizes",
            "30,60",
            "--repeat",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert "| 30 |" in report and "| 60 |" in report
    assert "| build time per entry, 60 over 30 entries ≤ 1.1x |" in report
    assert "| build CPU time per entry, 60 over 30 entries ≤ 1.1x |" in report
    # Wall time and CPU time of the whole process tree, each as a ratio, for check and build.
    header = next(line for line in report.splitlines() if line.startswith("| entries | kb check"))
    columns = ("libyaml load", "check ratio wall / CPU", "build ratio wall", "build ratio CPU")
    for column in columns:
        assert f"| {column} |" in header
    # The system time of each build on disk, and the same builds with the site in memory.
    if Path("/dev/shm").is_dir():
        memory = next(line for line in report.splitlines() if "| in memory: kb build |" in line)
        assert "| system time on disk kb / plain |" in memory and "| ratio CPU |" in memory
    edits = next(line for line in report.splitlines() if "| body edit to refresh |" in line)
    assert "| title edit to refresh |" in edits and "| ratio to build |" in edits
    results = json.loads(report.split("```json\n", 1)[1].split("```", 1)[0])
    assert [r["n"] for r in results] == [30, 60]
    for r in results:
        assert r["kb_s"] > 0 and r["plain_s"] > 0
        # Under `make serve`, an edit to one entry is served with the edit.
        assert r["refresh_body_s"] > 0 and r["refresh_title_s"] > 0
        assert r["kb_cpu_s"] > 0 and r["plain_cpu_s"] > 0
        assert 0 < r["kb_system_s"] < r["kb_cpu_s"] and 0 < r["plain_system_s"] < r["plain_cpu_s"]
        if Path("/dev/shm").is_dir():
            assert 0 < r["kb_memory_cpu_s"] and 0 < r["plain_memory_cpu_s"]
        assert r["check_s"] > 0 and r["check_cpu_s"] > 0 and r["yaml_s"] > 0 and r["yaml_cpu_s"] > 0
        assert 0 < r["kb_index_mb"] and 0 < r["plain_index_mb"]
        if Path("/usr/bin/chromium").is_file():  # what a reader pays, measured in Chromium
            assert 0 < r["kb_page_mb"] and 0 < r["plain_page_mb"]
            assert 0 < r["kb_search_s"] and 0 < r["plain_search_s"]
            assert 0 < r["kb_search_mb"]  # pieces of the index, fetched once the reader types
    # The generated knowledge base is one a contributor could have written: it passes the check.
    check = subprocess.run(
        [sys.executable, "-m", "kb.commands.cli", "check"],
        cwd=tmp_path / "work" / "kb-60",
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 error(s), 0 warning(s)" in check.stderr


def test_the_build_is_judged_in_wall_and_cpu_time_and_the_check_in_wall_time(monkeypatch):
    """At 3,000 entries and more, the build is judged in wall time and in CPU time, each on its
    own row; the check, which shares its work with a forked process, in the time a
    contributor waits."""
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    from bench import targets

    sizes = dict(kb_mib=100, kb_site_mb=30, kb_index_mb=1.5)
    fast_wall_only = dict(n=3000, kb_s=8, plain_s=10, kb_cpu_s=11, plain_cpu_s=10, **sizes)
    measured = dict(fast_wall_only, check_s=0.5, yaml_s=0.3, check_cpu_s=0.7, yaml_cpu_s=0.3)
    rows = targets([measured]).splitlines()
    assert "| build at 3000 entries ≤ 0.9x plain, wall time | 0.80x | yes |" in rows
    assert "| build at 3000 entries ≤ 0.9x plain, CPU time | 1.10x | **no** |" in rows
    check = "kb check at 3000 entries ≤ 2x loading its front matter with libyaml"
    assert f"| {check}, wall time | 1.67x | yes |" in rows
    assert not any(f"{check}, CPU time" in row for row in rows)
    slow = targets([dict(measured, check_s=0.7)]).splitlines()
    assert f"| {check}, wall time | 2.33x | **no** |" in slow
