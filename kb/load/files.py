"""Reading a contributed file: never through a symbolic link, never a fifo or a device, never
more than a limit.

Every file the engine reads (entries, `references.bib`, the registry of published ids,
images) comes from a pull request. A symbolic link can point at `.git/config` (which holds
the checkout token in CI) or outside the repository; a fifo or `/dev/zero` never ends; a huge
file takes the check's memory and time. So the file is looked at with `lstat` before it is
opened, opened without following a link and without blocking, checked again on the open
descriptor, and read only up to its limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def refused(shown_as: str, mode: int, size: int, limit: int) -> Diagnostic | None:
    """Why a file of this `lstat` mode and size may not be read, or None when it may."""
    where = Position(shown_as)
    if stat.S_ISLNK(mode):
        return report(
            "file-symlink",
            where,
            "is a symbolic link; commit the file itself, not a link to it",
        )
    if not stat.S_ISREG(mode):
        return report(
            "file-not-regular",
            where,
            f"is a {_kind(mode)}, not a regular file; only regular files are read",
        )
    if size > limit:
        return report("file-too-large", where, f"file is {size} bytes; the limit is {limit} bytes")
    return None


def read_capped(path: str | Path, shown_as: str, limit: int) -> bytes | Diagnostic:
    """The bytes of the regular file at `path`, or the diagnostic saying why it is refused.

    Raises `FileNotFoundError` when there is no such file, and `OSError` when it cannot be
    read (permissions), for the caller to report in its own words."""
    info = os.lstat(path)
    problem = refused(shown_as, info.st_mode, info.st_size, limit)
    if problem is not None:
        return problem
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since `lstat`
            return report("file-symlink", Position(shown_as), "is a symbolic link")
        raise
    try:
        info = os.fstat(descriptor)
        problem = refused(shown_as, info.st_mode, info.st_size, limit)
        if problem is not None:
            return problem
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        return report(
            "file-too-large", Position(shown_as), f"file is over the limit of {limit} bytes"
        )
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe (fifo)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
