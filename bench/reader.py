"""What a reader pays, in Chromium: the bytes downloaded to open one entry page, and the time
and bytes from the first keystroke of a word in the search box to a link to the entry it names.

Each site is served over HTTP by a server that counts every byte it sends (and what gzip would
make of them, as a real host sends them); each run opens a fresh browser context, so nothing
is cached. A run waits for the page to go quiet (for Material's search, until its whole index
is downloaded) before typing, as a reader who reads first and then searches.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import statistics
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CPU_SLOWDOWN = 4  # as a phone: Chrome's CPU throttling
TIMEOUT_MS = 120_000

# Set when the first key goes down, and when a result links to the page searched for.
WATCH = """target => {
  window.__kbFirstKey = null;
  window.__kbFound = null;
  document.addEventListener("keydown", () => {
    if (window.__kbFirstKey === null) window.__kbFirstKey = performance.now();
  }, true);
  new MutationObserver(() => {
    if (window.__kbFound !== null) return;
    const links = document.querySelectorAll("a.md-search-result__link");
    if ([...links].some(link => link.href.includes(target))) window.__kbFound = performance.now();
  }).observe(document.body, {childList: true, subtree: true});
}"""


class _Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.raw = 0
        self.gzipped = 0

    def add(self, data: bytes) -> None:
        with self.lock:
            self.raw += len(data)
            self.gzipped += len(gzip.compress(data, 6))

    def take(self) -> tuple[int, int]:
        with self.lock:
            counted = (self.raw, self.gzipped)
            self.raw = self.gzipped = 0
            return counted


class _Handler(SimpleHTTPRequestHandler):
    counter: _Counter

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.counter.add(data)
        outputfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def _served(site: Path):
    counter = _Counter()
    handler = type("Handler", (_Handler,), {"counter": counter})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", counter
    finally:
        server.shutdown()
        server.server_close()


def available() -> bool:
    return CHROMIUM.is_file() and shutil.which(str(CHROMIUM)) is not None


def reader_costs(site: Path, page: str, word: str, runs: int) -> dict[str, float]:
    """Open `page` (an address under `site`) and search for `word`, `runs` times at full
    speed and once on a CPU slowed as a phone's: MB downloaded (raw and gzipped) to open the
    page, MB and seconds from the first keystroke to a link to `page`."""
    from playwright.sync_api import sync_playwright

    opened, searched, seconds, slow = [], [], [], []
    with _served(site) as (base, counter), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for run in range(runs + 1):
                slowdown = CPU_SLOWDOWN if run == runs else 1
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                tab = context.new_page()
                tab.set_default_timeout(TIMEOUT_MS)
                if slowdown > 1:
                    cdp = context.new_cdp_session(tab)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
                counter.take()
                tab.goto(f"{base}/{page}", wait_until="networkidle", timeout=TIMEOUT_MS)
                page_bytes = counter.take()
                tab.evaluate(WATCH, f"/{page}")
                tab.locator("input.md-search__input").click()
                tab.keyboard.type(word)
                tab.wait_for_function("window.__kbFound !== null", timeout=TIMEOUT_MS)
                elapsed = tab.evaluate("(window.__kbFound - window.__kbFirstKey) / 1000")
                search_bytes = counter.take()
                context.close()
                if slowdown > 1:
                    slow.append(elapsed)
                else:
                    opened.append(page_bytes)
                    searched.append(search_bytes)
                    seconds.append(elapsed)
        finally:
            browser.close()
    return {
        "page_mb": opened[0][0] / 1e6,
        "page_gz_mb": opened[0][1] / 1e6,
        "search_mb": searched[0][0] / 1e6,
        "search_gz_mb": searched[0][1] / 1e6,
        "search_s": statistics.median(seconds),
        "search_slow_s": slow[0],
    }
