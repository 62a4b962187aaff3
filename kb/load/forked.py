"""Work shared with a forked process, for a run that only checks (`kb check`).

Reading entries is a loop over files that do not depend on each other. On Linux a forked
child sees the parent's memory as it is, for nothing, so only its results travel back,
pickled. That saves wall time, not CPU time (the child's pickling and the parent's unpickling
are extra work): `kb check` of 10,000 entries takes 1.8 to 2.2 s instead of 3.2 to 3.5 s, for
about the same CPU time (`make bench`'s corpus, 2026-12-01). It is used where someone waits on
the result and nothing else runs, and never by the site build, whose CPU time is a target too.
Where forking is not safe (another thread runs, as under `mkdocs serve`; not Linux; one CPU)
or the work is small, everything is done here, in order. The results are the same either way;
what a child that fails did not write is done here again, so that any error surfaces here.

The items are cut into batches, and both processes take the next batch from a queue (a pipe
of batch numbers) until none is left, so they end together however the work falls: the
parent has other work too (`then`, and unpickling the child's results), and a core shared
with other programs may be slower than the other. The child writes each batch's results as
soon as they are done, and the parent takes them in between its own batches, so only the last
is left to wait for. Against halving the items and sending the child's half in one piece at
the end, the part after the parent's last item shrinks from 0.17 s to 0.01 s at 10,000
entries (2026-12-01).
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")

# The fewest items worth a child: `kb check` of 500 entries takes 0.32 s instead of 0.35 s; of
# 1,000 entries, 0.40 s instead of 0.50 s (medians of 3, 2026-11-30).
MIN_ITEMS = 500
BATCH_ITEMS = 100  # the items taken from the queue at a time
_MAX_BATCHES = 1024  # their numbers (4 bytes each) fit in the smallest pipe, of 4 KiB
_NUMBER = struct.Struct("<I")
_HEADER = struct.Struct("<IQ")  # a batch's results: its number and length, then the pickle


def may_fork() -> bool:
    """Forking copies only the calling thread: safe only where it is the only one."""
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) >= 2
    )


def map_in_two(
    function: Callable[[Item], Result], items: Sequence[Item], then: Callable[[], Other]
) -> tuple[list[Result], Other]:
    """`[function(item) for item in items]`, computed here and in a forked child, and
    `then()`, computed here while the child starts.

    Where forking is not safe, not worth it or refused by the system, everything is
    computed here."""
    size = max(BATCH_ITEMS, -(-len(items) // _MAX_BATCHES))
    batches = [items[start : start + size] for start in range(0, len(items), size)]
    queue = _queue(len(batches)) if len(items) >= MIN_ITEMS and may_fork() else None
    child = _Child.start(function, batches, queue) if queue is not None else None
    if child is None:
        if queue is not None:
            os.close(queue)
        return [function(item) for item in items], then()
    done: dict[int, list[Result]] = {}
    try:
        other = then()
        while (number := _take(queue)) is not None:
            done[number] = [function(item) for item in batches[number]]
            child.receive()
        done.update(child.collect())
    finally:
        os.close(queue)
        child.reap()
    results: list[Result] = []
    for number, batch in enumerate(batches):  # a failed child's batches are done here
        results += done[number] if number in done else [function(item) for item in batch]
    return results, other


def _queue(count: int) -> int | None:
    """A pipe holding the batch numbers 0 to count - 1, to read from; None where the system
    refuses one."""
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of file descriptors
        return None
    try:
        os.write(write_end, b"".join(_NUMBER.pack(number) for number in range(count)))
    finally:
        os.close(write_end)  # once the numbers are taken, a read finds the end
    return read_end


def _take(queue: int) -> int | None:
    """The next batch's number (a read of four bytes from a pipe is whole, whoever reads), or
    None when all are taken."""
    data = os.read(queue, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if data else None


class _Child:
    """A forked process taking batches from the queue, and the results it has written.

    The child appends each batch's results to a file in memory (`memfd_create`), which never
    fills the way a pipe does: the child never waits for the parent, however long the parent
    is busy elsewhere (`then` over a large references.bib)."""

    def __init__(self, pid: int, results: int) -> None:
        self.pid, self.results = pid, results
        self.done: dict[int, list] = {}
        self.offset = 0  # where the first frame not yet taken starts
        self.status: int | None = None

    @classmethod
    def start(cls, function: Callable, batches: list[Sequence], queue: int) -> _Child | None:
        """The child, started; None where the system refuses a file or a process."""
        sys.stdout.flush()  # else what this process buffered would be written twice
        sys.stderr.flush()
        try:
            results = os.memfd_create("kb-results", os.MFD_CLOEXEC)
        except (AttributeError, OSError):  # out of file descriptors, or an old kernel
            return None
        try:
            pid = os.fork()
        except OSError:  # out of processes, or of memory for one
            os.close(results)
            return None
        if pid == 0:  # the child: compute, write, and leave without running the parent's exit code
            status = 1
            try:
                _work(function, batches, queue, results)
                status = 0
            finally:
                os._exit(status)
        return cls(pid, results)

    def receive(self) -> None:
        """Take the batches whose results are written whole, without waiting for more."""
        size = os.fstat(self.results).st_size
        if size > self.offset:
            self._take(os.pread(self.results, size - self.offset, self.offset))

    def collect(self) -> dict[int, list]:
        """The results of every batch the child wrote, by batch number, once it has ended."""
        self.status = os.waitpid(self.pid, 0)[1]
        self.receive()
        return self.done

    def reap(self) -> None:
        """Wait for the child to end, stopping it first if its results are no longer wanted
        (the parent's part failed), and let go of its results."""
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            self.status = os.waitpid(self.pid, 0)[1]
        if self.results >= 0:
            os.close(self.results)
            self.results = -1

    def _take(self, data: bytes) -> None:
        start = 0
        while len(data) - start >= _HEADER.size:
            number, length = _HEADER.unpack_from(data, start)
            end = start + _HEADER.size + length
            if len(data) < end:
                break  # still being written
            self.done[number] = pickle.loads(data[start + _HEADER.size : end])
            start = end
        self.offset += start


def _work(function: Callable, batches: list[Sequence], queue: int, results: int) -> None:
    """The child's part: take batches until none is left, appending each one's results."""
    while (number := _take(queue)) is not None:
        payload = pickle.dumps(
            [function(item) for item in batches[number]], pickle.HIGHEST_PROTOCOL
        )
        data = memoryview(_HEADER.pack(number, len(payload)) + payload)
        while data:
            data = data[os.write(results, data) :]
