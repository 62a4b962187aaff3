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
from kb.load.forked import MIN_ITEMS, mapped_in_child, may_fork
from kb.project import load_project

sys.path.insert(0, str(REPO / "bench"))
from generate import write_knowledge_base  # noqa: E402

TWO_CPUS = sys.platform == "linux" and len(os.sched_getaffinity(0)) >= 2
needs_two_cpus = pytest.mark.skipif(not TWO_CPUS, reason="forking needs Linux and two CPUs")

# What each script starts with: a counter of the forks made, and a function to map.
PRELUDE = """
import os
from kb.load import forked
from kb.load.forked import MIN_ITEMS, mapped_in_child

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
def test_the_child_computes_its_items_and_they_come_back_in_order():
    out = alone("""
        items = list(range(MIN_ITEMS + 7))
        with mapped_in_child(pid_and_square, items) as collect:
            results = collect()
        assert [square for _, square in results] == [i * i for i in items]
        assert {pid for pid, _ in results} == set(forks), (forks, results[:3])
        assert forks and forks[0] != os.getpid()
        print("computed by the child")
    """)
    assert out.strip() == "computed by the child"


@needs_two_cpus
def test_a_child_that_fails_is_not_trusted_and_its_part_is_done_here():
    out = alone("""
        parent = os.getpid()

        def fails_in_child(item):
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return pid_and_square(item)

        items = list(range(MIN_ITEMS))
        with mapped_in_child(fails_in_child, items) as collect:
            results = collect()
        assert len(forks) == 1
        assert results == [(parent, i * i) for i in items]
        print("done here")
    """)
    assert out.strip() == "done here"


@needs_two_cpus
def test_leaving_the_block_without_collecting_reaps_the_child():
    out = alone("""
        try:
            with mapped_in_child(pid_and_square, list(range(MIN_ITEMS))):
                raise KeyError("the block fails")
        except KeyError:
            pass
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
        with mapped_in_child(pid_and_square, items) as collect:
            results = collect()
        assert results == [(os.getpid(), i * i) for i in items]
        print("done here")
    """)
    assert out.strip() == "done here"


def test_small_work_or_another_thread_running_is_done_here():
    with mapped_in_child(lambda item: os.getpid(), list(range(MIN_ITEMS - 1))) as collect:
        assert set(collect()) == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork()
        with mapped_in_child(lambda item: os.getpid(), list(range(MIN_ITEMS))) as collect:
            assert set(collect()) == {os.getpid()}
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
