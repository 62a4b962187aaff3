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
