"""Work shared with a forked process gives the results the loop alone would give.

Each case runs in a fresh interpreter: forking is only allowed in a single-threaded process,
and the test runner may have started threads of its own.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import FIXTURES, copy_tree

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="work is shared only on Linux")


def _run(script: str, cwd=None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_second_half_is_done_by_another_process_and_order_is_kept():
    out = _run(
        """
        import os
        from kb import parallel
        parallel.MIN_ITEMS = 2
        results = parallel.split_map(lambda i: (i * i, os.getpid()), range(10))
        print([r[0] for r in results] == [i * i for i in range(10)])
        print(len({r[1] for r in results[:5]}), len({r[1] for r in results[5:]}))
        print(results[0][1] == os.getpid(), results[9][1] != os.getpid())
        """
    )
    assert out.split("\n") == ["True", "1 1", "True True"]


def test_a_failing_child_is_redone_here_so_its_error_surfaces():
    out = _run(
        """
        import os
        from kb import parallel
        parallel.MIN_ITEMS = 2
        parent = os.getpid()

        def square(i):
            if i == 8 and os.getpid() != parent:
                raise RuntimeError("only in the child")
            return i * i

        print(parallel.split_map(square, range(10)) == [i * i for i in range(10)])

        def broken(i):
            if i == 8:
                raise ValueError("bad item 8")
            return i

        try:
            parallel.split_map(broken, range(10))
        except ValueError as error:
            print(error)
        """
    )
    assert out.split("\n") == ["True", "bad item 8"]


def test_an_error_on_this_side_does_not_wait_forever_on_the_child():
    out = _run(
        """
        from kb import parallel
        parallel.MIN_ITEMS = 2

        def big(i):
            if i == 0:
                raise KeyError("first half")
            return "x" * 1_000_000  # far more than a pipe holds

        try:
            parallel.split_map(big, range(20))
        except KeyError as error:
            print("raised", error)
        """
    )
    assert out == "raised 'first half'"


def test_nothing_is_forked_while_another_thread_runs():
    out = _run(
        """
        import os, threading
        from kb import parallel
        parallel.MIN_ITEMS = 2
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        pids = {r for r in parallel.split_map(lambda i: os.getpid(), range(10))}
        stop.set()
        print(pids == {os.getpid()})
        """
    )
    assert out == "True"


def test_background_work_is_done_by_another_process_while_this_one_goes_on():
    out = _run(
        """
        import os, time
        from kb.parallel import Background
        with Background(lambda: (os.getpid(), sum(range(10**6)))) as job:
            mine = sum(range(10**6))
            pid, theirs = job.result()
        print(pid != os.getpid(), mine == theirs)
        with Background(lambda: "x" * 10_000_000):
            pass  # left without the result: the child is stopped, not waited on forever
        print("left")
        """
    )
    assert out.split("\n") == ["True True", "left"]


BUILD = """
    import hashlib, pathlib
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from kb import parallel
    parallel.MIN_ITEMS = {min_items}
    forks = []
    fork = parallel.os.fork
    parallel.os.fork = lambda: forks.append(1) or fork()
    build(load_config("mkdocs.yml", site_dir="{site}"))
    for path in sorted(pathlib.Path("{site}").rglob("*")):
        if path.is_file():
            print(path.relative_to("{site}"), hashlib.sha256(path.read_bytes()).hexdigest())
    print("forks", len(forks))
"""


def test_a_site_built_by_two_processes_is_the_site_built_by_one(tmp_path):
    root = copy_tree(FIXTURES / "small", tmp_path / "kb")
    shared = _run(BUILD.format(min_items=2, site=tmp_path / "two"), cwd=root).split("\n")
    alone = _run(BUILD.format(min_items=10**9, site=tmp_path / "one"), cwd=root).split("\n")
    assert shared[-1] == "forks 3"  # the bibliography, the entries, their pages
    assert alone[-1] == "forks 0"
    assert shared[:-1] == alone[:-1]
