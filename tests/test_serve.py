"""`make serve`: the live preview rebuilds when an entry or references.bib changes, rendering
only what the edit changes (`mkdocs serve --dirty`, as `make serve` runs it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    """The page at `url` once it contains `text`; polls a bounded number of times."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def served(small_kb):
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "serve",
            "--livereload",
            "--dirty",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=small_kb,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    try:
        yield small_kb, f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def served_log(process: subprocess.Popen) -> str:
    """What the server logged, once it has stopped."""
    process.terminate()
    return process.communicate(timeout=20)[1].decode("utf-8")


def test_editing_an_entry_updates_the_served_page(served):
    root, base, process = served
    url = f"{base}/claims/steering-fails/"
    page = _wait_for(url, "Steering with features fails outside chosen examples")
    assert "livereload" in page  # the script that reloads the browser after a rebuild
    entry = root / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "fails outside chosen examples", "fails on held-out behaviours"
        ),
        encoding="utf-8",
    )
    _wait_for(url, "Steering with features fails on held-out behaviours")
    # Its title shows on the question it answers, rendered again with it.
    _wait_for(f"{base}/questions/can-steering-work/", "fails on held-out behaviours")
    assert "kb: rebuilding 7 of 21 files" in served_log(process)


def test_editing_references_bib_updates_the_served_page(served):
    root, base, process = served
    url = f"{base}/references/doe2021widgets/"
    _wait_for(url, "Widgets and Gödel")
    bib = root / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("Widgets and", "Gadgets and"), encoding="utf-8"
    )
    _wait_for(url, "Gadgets and Gödel")
    # and the reference lists of the entries citing the work
    _wait_for(f"{base}/claims/steering-not-competitive/", "Gadgets and Gödel")
    assert "rebuilding every page" not in served_log(process)


def test_the_served_site_has_a_search_index_rebuilt_with_it(served):
    """Search works under `make serve`: an edit to what readers search writes the index again."""
    root, base, _ = served
    url = f"{base}/pagefind/pagefind-entry.json"
    before = _wait_for(url, '"page_count"')
    entry = root / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("chosen examples", "zzunseen behaviours"),
        encoding="utf-8",
    )
    _wait_for(f"{base}/claims/steering-fails/", "zzunseen behaviours")
    deadline = time.monotonic() + 90
    while _wait_for(url, '"page_count"') == before:  # the index's hash names its content
        assert time.monotonic() < deadline, "the search index was not rebuilt"
        time.sleep(0.5)


def test_a_save_rebuilds_once(served, tmp_path):
    """One save, one rebuild: the rebuild reads every entry, and a watcher that took those
    reads for changes would rebuild without end. An editor's save by renaming a new file over
    the old one is seen too. (That serve watches with the system's notices at all is shown by
    `test_the_native_watcher_takes_over_every_watched_path`.)"""
    root, base, process = served
    url = f"{base}/claims/steering-fails/"
    _wait_for(url, "Steering with features")
    entry = root / "content" / "claims" / "steering-fails.md"
    saved = tmp_path / "steering-fails.md"
    saved.write_text(
        entry.read_text(encoding="utf-8").replace("chosen examples", "renamed examples"),
        encoding="utf-8",
    )
    os.replace(saved, entry)
    _wait_for(url, "renamed examples")
    time.sleep(3)  # more than a rebuild of this knowledge base: time for another to start
    log = served_log(process)
    assert "Watching paths for changes: 'content'" in log
    assert log.count("Detected file changes") == 1


def _server(root: Path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    server.watch(str(root / "content"))
    server.watch(str(root / "references.bib"))
    server.watch(str(root / "references.bib"))
    return server


def _watched(server) -> set[str]:
    return {str(emitter.watch.path) for emitter in server.observer.emitters}


def test_the_native_watcher_takes_over_every_watched_path(tmp_path):
    from watchdog.observers.polling import PollingObserver

    from kb_mkdocs.file_watcher import switch

    (tmp_path / "content").mkdir()
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    server = _server(tmp_path)
    switch(server, "native")
    assert not isinstance(server.observer, PollingObserver)
    # A file is watched through its folder, as MkDocs' own watcher does it.
    assert _watched(server) == {str(tmp_path / "content"), str(tmp_path)}
    server.unwatch(str(tmp_path / "references.bib"))  # asked for twice: still watched
    assert str(tmp_path) in _watched(server)
    server.unwatch(str(tmp_path / "references.bib"))
    assert _watched(server) == {str(tmp_path / "content")}
    server.server_close()


def test_watcher_polling_keeps_mkdocs_own(tmp_path):
    from watchdog.observers.polling import PollingObserver

    from kb_mkdocs.file_watcher import switch

    (tmp_path / "content").mkdir()
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    server = _server(tmp_path)
    switch(server, "polling")
    assert isinstance(server.observer, PollingObserver)
    server.server_close()


def test_where_the_system_refuses_to_watch_serve_polls(tmp_path, monkeypatch, caplog):
    """An inotify limit reached (other programs hold the user's watches) does not stop
    `mkdocs serve`: it warns, then looks for changes as MkDocs does, and a save still counts."""
    import errno

    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    from kb_mkdocs.file_watcher import switch

    if watchdog.observers.Observer.__name__ != "InotifyObserver":
        pytest.skip("the limit is inotify's")
    from watchdog.observers.inotify import InotifyEmitter

    def limit_reached(emitter):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    (tmp_path / "content").mkdir()
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("", encoding="utf-8")
    server = _server(tmp_path)
    server.watch(str(tmp_path / "mkdocs.yml"))  # a second file of the same folder
    switch(server, "native")
    monkeypatch.setattr(InotifyEmitter, "on_thread_start", limit_reached)
    server.observer.start()  # as MkDocs does when it starts serving
    try:
        assert isinstance(server.observer, PollingObserver)
        assert server.observer.is_alive()
        assert _watched(server) == {str(tmp_path / "content"), str(tmp_path)}
        server.unwatch(str(tmp_path / "content"))  # MkDocs' record of each path follows
        assert _watched(server) == {str(tmp_path)}
        server.watch(str(tmp_path / "content"))
        assert "inotify watch limit reached" in caplog.text
        assert "as with 'watcher: polling'" in caplog.text
        time.sleep(0.6)  # the first look at the files is taken as the observer starts
        (tmp_path / "content" / "new.md").write_text("saved", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild:
            assert time.monotonic() < deadline, "the save was never seen"
            time.sleep(0.1)
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
