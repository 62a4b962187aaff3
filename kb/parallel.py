"""Independent work shared with forked processes, where that is safe.

Reading and rendering a knowledge base are loops over entries that do not depend on each
other, and the bibliography does not depend on the entries. On Linux a forked child sees the
parent's data as it is, for free (copy-on-write), so only its result travels back, pickled
through a pipe. Where forking is not safe (another thread is running, as under
`mkdocs serve`; not Linux; one core), the same work runs here, in order. The results are the
same either way.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 1000  # below this, starting a process costs more than it saves


class Background(Generic[Result]):
    """`function()` computed by a forked child while this process goes on.

    Use it as a context manager and call `result()` inside: leaving the block without the
    result stops the child. Where forking is not safe, or not `worth_it`, `result()` computes
    it here."""

    def __init__(self, function: Callable[[], Result], worth_it: bool = True) -> None:
        self.function = function
        self.pid: int | None = None
        self.pipe = None
        if not (worth_it and may_fork()):
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            status = 1
            try:
                os.close(read_end)
                payload = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.pipe = pid, os.fdopen(read_end, "rb")

    def result(self) -> Result:
        if self.pid is None:
            return self.function()
        payload = self.pipe.read()  # type: ignore[union-attr]
        if self._finish() == 0 and payload:
            return pickle.loads(payload)
        return self.function()  # the child failed: compute it here, so an error surfaces here

    def _finish(self) -> int:
        """Close the pipe (a child still writing stops at a broken pipe) and reap the child."""
        assert self.pid is not None and self.pipe is not None
        self.pipe.close()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def __enter__(self) -> Background[Result]:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pid is not None:
            self._finish()


def split_map(
    function: Callable[[Item], Result], items: Sequence[Item], own_share: float = 0.5
) -> list[Result]:
    """`[function(item) for item in items]`, the items after the first `own_share` of them
    done by a forked child. The child also pickles its results, which this side unpickles
    in less time: where results are many small objects, this side should do more items."""
    middle = round(len(items) * own_share)
    worth_it = len(items) >= max(MIN_ITEMS, 2)
    with Background(lambda: [function(item) for item in items[middle:]], worth_it) as second:
        first = [function(item) for item in items[:middle]]
        return first + second.result()


def may_fork() -> bool:
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) >= 2
    )
