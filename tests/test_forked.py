"""`kb check` reads in two processes where it may, and finds exactly what one process finds.

Forking is only safe where one thread runs, and the test session keeps threads (the browser
tests' servers), so what must fork runs in a fresh interpreter of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from conftest import REPO

from kb import pipeline
from kb.diagnostics import format_diagnostics
from kb.load.forked import MIN_ITEMS, map_in_two, may_fork
from kb.project import load_project

sys.path.insert(0, str(REPO / "bench"))
from generate import write_knowledge_base  # noqa: E402

TWO_CPUS = sys.platform == "linux" and len(os.sched_getaffinity(0)) >= 2
needs_two_cpus = pytest.mark.skipif(not TWO_CPUS, reason="forking needs Linux and two CPUs")

# What each script starts with: a counter of the forks made, and functions to map.
PRELUDE = """
import os, time
from kb.load import forked
from kb.load.forked import BATCH_ITEMS, MIN_ITEMS, map_in_two

forks = []
real_fork = os.fork

def counted_fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid

forked.os.fork = counted_fork

def pid_and_square(item):
    return os.getpid(), item * item

def slowly(item):
    time.sleep(0.001)
    return pid_and_square(item)

def after(seconds):
    def then():
        time.sleep(seconds)  # meanwhile the child takes batches
        return "then"
    return then
"""


def alone(script: str, *args: str) -> str:
    """Run `script` after PRELUDE in a fresh interpreter, where only one thread runs; its
    standard output."""
    code = PRELUDE + textwrap.dedent(script)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_two_cpus
def test_both_processes_take_batches_and_the_results_come_back_in_order():
    out = alone("""
        items = list(range(MIN_ITEMS + 7))
        results, other = map_in_two(slowly, items, then=lambda: "then")
        assert other == "then"
        assert [square for _, square in results] == [i * i for i in items]
        (child,) = forks
        by = {pid for pid, _ in results}
        assert by == {os.getpid(), child}, (by, child)
        # each batch was computed by one process
        batches = [results[i : i + BATCH_ITEMS] for i in range(0, len(items), BATCH_ITEMS)]
        assert all(len({pid for pid, _ in batch}) == 1 for batch in batches)
        print("shared")
    """)
    assert out.strip() == "shared"


@needs_two_cpus
def test_the_child_takes_what_is_left_while_the_parent_is_busy():
    out = alone("""
        items = list(range(MIN_ITEMS))
        results, _ = map_in_two(pid_and_square, items, then=after(1.0))
        (child,) = forks
        assert {pid for pid, _ in results} == {child}
        assert [square for _, square in results] == [i * i for i in items]
        print("all taken by the child")
    """)
    assert out.strip() == "all taken by the child"


@needs_two_cpus
def test_the_child_never_waits_for_the_parent_to_take_its_results():
    out = alone("""
        def large(item):
            return os.getpid(), "x" * 20_000  # 10 MB in all, more than a pipe holds

        results, _ = map_in_two(large, list(range(MIN_ITEMS)), then=after(1.0))
        (child,) = forks
        assert {pid for pid, _ in results} == {child}
        print("all written while the parent was busy")
    """)
    assert out.strip() == "all written while the parent was busy"


@needs_two_cpus
def test_a_child_that_fails_is_not_trusted_and_its_batches_are_done_here():
    out = alone("""
        parent = os.getpid()

        def fails_in_child(item):
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return pid_and_square(item)

        items = list(range(MIN_ITEMS))
        results, _ = map_in_two(fails_in_child, items, then=after(0.5))
        assert len(forks) == 1
        assert results == [(parent, i * i) for i in items]
        print("done here")
    """)
    assert out.strip() == "done here"


@needs_two_cpus
def test_when_the_parents_part_fails_the_child_is_stopped_and_reaped():
    out = alone("""
        def fails():
            raise KeyError("the parent's part fails")

        started = time.monotonic()
        try:
            map_in_two(slowly, list(range(20 * MIN_ITEMS)), then=fails)
        except KeyError:
            pass
        assert time.monotonic() - started < 5  # not the child's 10 s of work
        (child,) = forks
        try:
            os.waitpid(child, os.WNOHANG)
        except ChildProcessError:
            print("reaped")  # neither running nor left a zombie
    """)
    assert out.strip() == "reaped"


@needs_two_cpus
def test_where_the_system_refuses_a_process_the_work_is_done_here():
    out = alone("""
        import errno

        def refused():
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

        forked.os.fork = refused
        items = list(range(MIN_ITEMS))
        results, other = map_in_two(pid_and_square, items, then=lambda: "then")
        assert results == [(os.getpid(), i * i) for i in items]
        assert other == "then"
        print("done here")
    """)
    assert out.strip() == "done here"


def test_small_work_or_another_thread_running_is_done_here():
    results, _ = map_in_two(lambda item: os.getpid(), list(range(MIN_ITEMS - 1)), then=dict)
    assert set(results) == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork()
        results, _ = map_in_two(lambda item: os.getpid(), list(range(MIN_ITEMS)), then=dict)
        assert set(results) == {os.getpid()}
    finally:
        stop.set()
        other.join()


def _broken_knowledge_base(root):
    """A generated knowledge base of 1,200 entries, with errors in both halves of its files."""
    write_knowledge_base(root, 1200)
    files = sorted((root / "content" / "claims").glob("*.md"))
    for file in (files[3], files[-3]):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("tags:", "tagz:", 1), encoding="utf-8")
    for file in (files[5], files[-5]):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("[@work", "[@missing", 1), encoding="utf-8")
    files[-7].write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    return root


@needs_two_cpus
def test_a_check_in_two_processes_finds_what_one_process_finds(tmp_path):
    root = _broken_knowledge_base(tmp_path / "kb")
    out = alone(
        """
        import sys
        from pathlib import Path
        from kb import pipeline
        from kb.project import load_project

        project = load_project(Path(sys.argv[1]))
        two = pipeline.run(project, check_only=True)
        assert len(forks) == 1, forks
        one = pipeline.run(project)
        assert len(forks) == 1, forks
        assert two.diagnostics == one.diagnostics
        assert two.entries == one.entries
        assert [e.positions for e in two.entries] == [e.positions for e in one.entries]
        assert all(not e.tokens for e in two.entries)  # a check renders nothing
        print(" ".join(sorted({d.code for d in two.diagnostics})))
        """,
        str(root),
    )
    assert {"unknown-field", "unknown-reference", "yaml-syntax"} <= set(out.split()), out


def test_kb_check_reports_what_a_run_in_one_process_finds(tmp_path):
    root = _broken_knowledge_base(tmp_path / "kb")
    command = [sys.executable, "-m", "kb.commands.cli", "check", "--format", "json"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    expected = format_diagnostics(pipeline.run(load_project(root)).diagnostics, "json")
    assert json.loads(result.stdout) == json.loads(expected)
