"""Independent work over thousands of items, shared with one forked process where that is safe.

Reading and rendering a knowledge base are both a loop over entries that do not depend on each
other. On Linux a forked child sees the parent's data as it is, for free (copy-on-write), so
only its results travel back, pickled through a pipe: the parent does the first half while
the child does the second. Where forking is not safe (another thread is running, as under
`mkdocs serve`; not Linux; one core) or not worth it (few items), the loop runs here alone.
The results are the same either way, in the same order.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 1000  # below this, starting a process costs more than it saves


def split_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[function(item) for item in items]`, with the second half done in a forked child."""
    if len(items) < max(MIN_ITEMS, 2) or not _may_fork():
        return [function(item) for item in items]
    middle = len(items) // 2
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(
                [function(item) for item in items[middle:]], protocol=pickle.HIGHEST_PROTOCOL
            )
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    try:
        first = [function(item) for item in items[:middle]]
        payload = pipe.read()
    finally:
        pipe.close()  # should this side fail, a child still writing stops at a broken pipe
        _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        second = pickle.loads(payload)
    else:  # the child failed: do its half here, so an error surfaces as it would have
        second = [function(item) for item in items[middle:]]
    return first + second


def _may_fork() -> bool:
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) >= 2
    )
