"""`mkdocs serve`'s file watcher, told of a save by the operating system instead of polling.

MkDocs watches with watchdog's polling observer: every 0.5 s it lists and stats every file it
watches, so a save waits 0.25 s on average before a rebuild starts, and each look at a
10,000-entry content folder costs 0.09 s of the server's time, while the rebuild it starts
wants the same process. MkDocs polls because a native watcher misses changes made through
some virtual file systems (Docker's non-native mounts, network shares); there, the plugin's
`watcher: polling` keeps MkDocs' own. Elsewhere the system's own notices (inotify on Linux,
FSEvents on macOS, the Windows API) reach the server as soon as a file is saved.

Measured at 10,000 entries (`make bench`'s serve edits, 7 of each kind, two runs of each
watcher in alternation, 2026-11-30), from a save to its page served: a title edit 1.92 and
1.94 s against 2.43 and 2.63 s when polling, a body edit 1.56 and 1.61 s against 2.06 and
2.39 s.
"""

from __future__ import annotations

import watchdog.observers
from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers.polling import PollingObserver

WATCHERS = ("native", "polling")
POLLING_INTERVAL = 0.5  # seconds, as MkDocs polls
log = get_plugin_logger("kb")

# What a save, a new file, a rename or a removal makes the system report. Not a file opened or
# closed unwritten: the build reads every file it watches, and each read would start the next
# rebuild, without end.
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent]


def _native_observer(server):
    """watchdog's observer for this system, reporting changes only, for `server`; None if the
    system has none or it cannot be made."""
    native = watchdog.observers.Observer
    if issubclass(native, PollingObserver):
        return None

    class ChangeObserver(native):  # type: ignore[misc, valid-type]
        """Reports changes only, and where the system refuses to watch (an inotify limit
        reached, a folder gone), hands the server's paths to MkDocs' polling instead of
        stopping `mkdocs serve`."""

        def __init__(self) -> None:
            super().__init__()
            # By path as MkDocs gave it: its handler, recursion and watch. Two files of one
            # folder share a watch (the folder's) but not a handler.
            self.scheduled: dict[str, tuple[object, bool, object]] = {}

        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, **kw):
            watch = super().schedule(
                event_handler, path, recursive=recursive, event_filter=CHANGES, **kw
            )
            self.scheduled[str(path)] = (event_handler, recursive, watch)
            return watch

        def unschedule(self, watch) -> None:
            super().unschedule(watch)  # every handler of the watch goes with it
            for path, (_, _, known) in list(self.scheduled.items()):
                if known == watch:
                    del self.scheduled[path]

        def start(self) -> None:
            try:
                super().start()
            except OSError as exc:
                self.unschedule_all()  # stops what had started
                log.warning(
                    "the system's file notices are not available (%s); looking for changes "
                    "every %g s instead, as with 'watcher: polling'",
                    exc,
                    POLLING_INTERVAL,
                )
                server.observer = _polling(server, self.scheduled)
                server.observer.start()

    try:
        return ChangeObserver()
    except OSError:
        return None


def _polling(server, scheduled) -> PollingObserver:
    """MkDocs' own polling observer, watching what `scheduled` (by path) held; the server's
    record of each path's watch follows."""
    polling = PollingObserver(timeout=POLLING_INTERVAL)
    for path, (handler, recursive, _) in scheduled.items():
        server._watch_refs[path] = polling.schedule(handler, path, recursive=recursive)
    return polling


def switch(server, watcher: str) -> None:
    """Make `server` (MkDocs' LiveReloadServer, not yet serving) watch what it watches now with
    the system's native watcher, unless `watcher` is "polling" or the system has none.

    The paths are handed over through the server's public `watch` and `unwatch`; which paths
    and how often each was asked for is read from the count MkDocs 1.x keeps."""
    if watcher == "polling":
        return
    if not isinstance(server.observer, PollingObserver):
        return  # already switched
    native = _native_observer(server)
    if native is None:
        return
    watched = dict(server._watched_paths)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
