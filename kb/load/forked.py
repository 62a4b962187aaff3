"""Work shared with a forked process, for a run that only checks (`kb check`).

Reading entries is a loop over files that do not depend on each other. On Linux a forked
child sees the parent's memory as it is, for nothing, so only its results travel back,
pickled through a pipe. That saves wall time, not CPU time (the child's pickling and the
parent's unpickling are extra work): `kb check` of 10,000 entries takes 1.9 to 2.2 s instead of
3.2 to 3.5 s, for about the same CPU time (`make bench`'s corpus, 2026-11-30). It is used where
someone waits on the result and nothing else runs, and never by the site build, whose CPU time
is a target too. Where forking is not safe (another thread runs, as under `mkdocs serve`; not
Linux; one CPU) or the work is small, everything is done here, in order. The results are the
same either way; a child that fails is not trusted, and its part is done here again so that
any error surfaces here.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import BinaryIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The fewest items worth a child: `kb check` of 500 entries, 250 of them read by the child,
# takes 0.32 s instead of 0.35 s; of 1,000 entries, 0.40 s instead of 0.50 s (medians of 3).
MIN_ITEMS = 250


def may_fork() -> bool:
    """Forking copies only the calling thread: safe only where it is the only one."""
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) >= 2
    )


@contextmanager
def mapped_in_child(
    function: Callable[[Item], Result], items: Sequence[Item]
) -> Iterator[Callable[[], list[Result]]]:
    """`[function(item) for item in items]`, computed by a forked child while the block runs.

    The block calls what it is given to collect the results; leaving the block without
    collecting stops waiting for the child. Where forking is not safe, not worth it or
    refused by the system, the call computes the results here."""

    def here() -> list[Result]:
        return [function(item) for item in items]

    child = _fork(here) if len(items) >= MIN_ITEMS and may_fork() else None
    if child is None:
        yield here
        return
    pid, pipe = child
    reaped = False

    def collect() -> list[Result]:
        nonlocal reaped
        payload = pipe.read()
        pipe.close()
        _, status = os.waitpid(pid, 0)
        reaped = True
        if status == 0 and payload:
            return pickle.loads(payload)
        return here()

    try:
        yield collect
    finally:
        if not reaped:  # the block failed: a child still writing stops at the closed pipe
            pipe.close()
            os.waitpid(pid, 0)


def _fork(compute: Callable[[], list[Result]]) -> tuple[int, BinaryIO] | None:
    """A child computing and sending back `compute()`, and the pipe to read it from; None
    where the system refuses a pipe or a process."""
    sys.stdout.flush()  # else what this process buffered would be written twice
    sys.stderr.flush()
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of file descriptors
        return None
    try:
        pid = os.fork()
    except OSError:  # out of processes, or of memory for one
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")
