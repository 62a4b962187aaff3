"""`kb check` reads in two processes where it may, and finds exactly what one process finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from conftest import REPO

from kb import pipeline
from kb.diagnostics import format_diagnostics
from kb.load import forked
from kb.load.forked import MIN_ITEMS, mapped_in_child, may_fork
from kb.project import load_project

sys.path.insert(0, str(REPO / "bench"))
from generate import write_knowledge_base  # noqa: E402


@pytest.fixture
def needs_fork():
    """Forking is judged when the test runs: a thread left by another test rules it out."""
    if not may_fork():
        pytest.skip("forking is not safe here (one CPU, not Linux, or another thread runs)")


def _pid_and_square(item: int) -> tuple[int, int]:
    return os.getpid(), item * item


@pytest.mark.usefixtures("needs_fork")
def test_the_child_computes_every_item_and_they_come_back_in_order():
    items = list(range(MIN_ITEMS + 7))
    with mapped_in_child(_pid_and_square, items) as collect:
        results = collect()
    assert [square for _, square in results] == [i * i for i in items]
    (pid,) = {pid for pid, _ in results}
    assert pid != os.getpid()


@pytest.mark.usefixtures("needs_fork")
def test_a_child_that_fails_is_not_trusted_and_its_part_is_done_here():
    parent = os.getpid()

    def fails_in_child(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return _pid_and_square(item)

    items = list(range(MIN_ITEMS))
    with mapped_in_child(fails_in_child, items) as collect:
        results = collect()
    assert results == [(parent, i * i) for i in items]


def test_small_work_or_another_thread_running_is_done_here():
    with mapped_in_child(_pid_and_square, list(range(MIN_ITEMS - 1))) as collect:
        assert {pid for pid, _ in collect()} == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork()
        with mapped_in_child(_pid_and_square, list(range(MIN_ITEMS))) as collect:
            assert {pid for pid, _ in collect()} == {os.getpid()}
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("needs_fork")
def test_leaving_the_block_without_collecting_reaps_the_child(monkeypatch):
    children = []
    real_fork = os.fork

    def recorded_fork() -> int:
        pid = real_fork()
        children.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", recorded_fork)
    with pytest.raises(KeyError):
        with mapped_in_child(_pid_and_square, list(range(MIN_ITEMS))):
            raise KeyError("the block fails")
    (child,) = children
    with pytest.raises(ChildProcessError):  # reaped: neither running nor left a zombie
        os.waitpid(child, os.WNOHANG)


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


@pytest.mark.usefixtures("needs_fork")
def test_a_check_in_two_processes_finds_what_one_process_finds(tmp_path, monkeypatch):
    project = load_project(_broken_knowledge_base(tmp_path / "kb"))
    forks = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(forked.os, "fork", counted_fork)
    two = pipeline.run(project, check_only=True)
    assert forks == [1]
    one = pipeline.run(project)
    assert len(forks) == 1
    assert two.diagnostics == one.diagnostics
    codes = {d.code for d in two.diagnostics}
    assert {"unknown-field", "unknown-reference", "yaml-syntax"} <= codes, codes
    assert two.entries == one.entries
    assert [e.positions for e in two.entries] == [e.positions for e in one.entries]
    assert all(not e.tokens for e in two.entries)  # a check renders nothing


def test_kb_check_reports_the_same_through_its_command(tmp_path):
    root = _broken_knowledge_base(tmp_path / "kb")
    command = [sys.executable, "-m", "kb.commands.cli", "check", "--format", "json"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    expected = format_diagnostics(pipeline.run(load_project(root)).diagnostics, "json")
    assert json.loads(result.stdout) == json.loads(expected)
