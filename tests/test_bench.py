"""`make bench` end to end, at a size small enough for the suite: it must run from a clean
tree, build valid knowledge bases, and write the table and the targets it reports."""

from __future__ import annotations

import json
import subprocess
import sys

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
    results = json.loads(report.split("```json\n", 1)[1].split("```", 1)[0])
    assert [r["n"] for r in results] == [30, 60]
    for r in results:
        assert r["kb_s"] > 0 and r["plain_s"] > 0 and r["rebuild_s"] > 0
        assert 0 < r["kb_index_mb"] and 0 < r["plain_index_mb"]
    # The generated knowledge base is one a contributor could have written: it passes the check.
    check = subprocess.run(
        [sys.executable, "-m", "kb.commands.cli", "check"],
        cwd=tmp_path / "work" / "kb-60",
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 error(s), 0 warning(s)" in check.stderr
