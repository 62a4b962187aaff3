"""The site's search index: Pagefind's static, fragmented index, written from search records.

Material's built-in search makes every page view download the whole index and rebuild it in
the browser (16 MB at 10,000 entries); Pagefind splits its index into small files, so a page
view downloads none of it and a search only the few pieces its words need. It is written from
`kb.export.search_records` through Pagefind's Python service, as its custom records
(`AddRecord`): no HTML is read back. Pagefind's binary comes in the `pagefind-bin` wheel, so
building needs no network.

Pagefind's Python service (1.5.2) waits 0.1 s before reading each of its binary's answers,
which would make 10,000 records take 1,000 s; `_Service` reads each answer as it comes. Its
binary answers `write_files` before the last piece of each file is on disk, and exits without
writing it when its service is closed (a build left `pagefind-entry.json` empty), so the files
are asked for (`get_files`) and written here, whole. Pagefind's `add_custom_record` is a coroutine
and a task per record, and its service formats every message (the
record's whole text) for a debug log even when the log is off; `_Service.post` sends all the
records compactly (JSON in UTF-8, not escaped to ASCII) and their answers are awaited together:
the Python side of the exchange costs half as much CPU time: 0.8 s against 1.7 s at 10,000
entries (2026-11-30), for the same index, byte for byte.

What a result shows (its address, type, title and statement) is not read from Pagefind's
fragments, one file per page holding its whole text, but from result cards written here, a
file for each group of about `CARDS_PER_FILE` pages that share the start of Pagefind's id
(`kb-results/`, read by the search box). The site is a third fewer files (22,000 against
33,000 at 10,000 entries), which a build pays for in creating and the next build in
deleting them. Which card is which page's is read from the page's fragment (its address):
0.2 s of CPU time at 10,000 entries, where not writing the fragments saved 6 to 8 s of a
build on this machine's disk (README, Performance).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.service import PagefindService
from pagefind.service.types import (
    InternalAddRecordRequest,
    InternalDecodedFile,
    InternalRequestPayload,
    InternalResponsePayload,
)

from kb.addresses import SEARCH_RESULTS, check_relative
from kb.export.search_records import SearchRecord

# The largest answer read from the binary: the one that holds every file of the index (about
# 85 MB, base64 in JSON in base64, at 10,000 entries).
MAX_ANSWER = 2**30
# Pagefind's ready-made search interfaces, which the site does not use (its theme has its own).
UNUSED = tuple(
    f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css")
)
# Pagefind's fragment of a page: gzip of this signature, then JSON.
FRAGMENTS = "fragment/"
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
# A page's id in Pagefind's index: the language, `_`, then hexadecimal digits.
_PAGE_ID = re.compile(r"([a-z0-9-]+_)([0-9a-f]+)")
# About how many result cards share a file: a search showing 20 results reads at most 20 files
# of this many cards (about 16 kB each before compression).
CARDS_PER_FILE = 64


class SearchIndexError(RuntimeError):
    """Pagefind could not be started or refused a record."""


class SearchIndexer:
    """Makes the index of `records` in a thread of its own, so that the caller can do other
    work meanwhile (a site generator writing its pages: Pagefind's binary indexes on another
    core); `write` waits for it and writes the files. The thread runs an event loop of its
    own, so a caller's running loop (an editor's, a test driver's) is neither needed nor
    disturbed."""

    def __init__(self, records: list[SearchRecord], language: str = "en") -> None:
        self.cancelled = threading.Event()
        self.binary: int | None = None  # the process id of Pagefind's binary, once started
        thread = ThreadPoolExecutor(1, thread_name_prefix="search index")
        self._files = thread.submit(asyncio.run, _index_files(records, language, self))
        thread.shutdown(wait=False)  # the thread ends with its one task

    def cancel(self) -> None:
        """Stop making the index, at once (a newer one replaces it): the binary is killed and
        `write` writes nothing, unless it was already writing. Returns when the binary is gone."""
        self.cancelled.set()
        if self.binary is not None and not self._files.done():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.binary, signal.SIGKILL)
        self._files.exception()

    def write(self, folder: Path) -> None:
        """Write the index into `folder` (replaced): Pagefind's files, which its `pagefind.js`
        reads from the same folder."""
        try:
            files = self._files.result()
            if self.cancelled.is_set():
                raise SearchIndexError("cancelled: a newer index replaces it")
        except SearchIndexError:
            raise
        except FileNotFoundError as error:  # no binary: the pagefind-bin wheel is not installed
            raise SearchIndexError(f"Pagefind's binary was not found ({error})") from error
        except Exception as error:
            raise SearchIndexError(f"Pagefind could not make the search index: {error}") from error
        try:
            if folder.exists():
                shutil.rmtree(folder)
            for file in files:
                if file["path"] not in UNUSED:
                    target = folder / check_relative(file["path"])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(file["content"])
        except OSError as error:
            raise SearchIndexError(f"the search index could not be written: {error}") from error

    def abandon(self) -> None:
        """Wait for the binary to end, and write nothing (the build failed)."""
        self._files.exception()


def write_search_index(records: Iterable[SearchRecord], folder: Path, language: str = "en") -> None:
    """Write the index of `records` into `folder` (replaced), and wait for it."""
    SearchIndexer(list(records), language).write(folder)


async def _index_files(
    records: list[SearchRecord], language: str, indexer: SearchIndexer
) -> list[InternalDecodedFile]:
    service = await _Service().launch()
    indexer.binary = service._backend.pid
    try:
        index = await service.create_index({"force_language": language})
        added = []
        for record in records:
            # Not shown from here (result cards are), but Pagefind indexes and ranks these too.
            meta = {"title": record.title, "kind": record.kind, "statement": record.statement}
            request = InternalAddRecordRequest(
                type="AddRecord",
                index_id=index._index_id or 0,  # the index's number, which Pagefind's API keeps
                url="/" + record.url,
                content=record.text,
                language=language,
                meta=meta,
                filters=None,
                sort=None,
            )
            added.append(service.post(request))
            if len(added) % 100 == 0:
                if indexer.cancelled.is_set():
                    raise SearchIndexError("cancelled: a newer index replaces it")
                await service.drain()  # waits while the pipe is full: the binary reads on
        await service.drain()
        for answer in await asyncio.gather(*added):
            if answer["type"] != "IndexedFile":
                raise SearchIndexError(f"Pagefind did not index a record: {answer['type']}")
        files = await index.get_files()
    finally:
        await service.finish()
    return result_cards(files, records)


def result_cards(
    files: list[InternalDecodedFile], records: list[SearchRecord]
) -> list[InternalDecodedFile]:
    """Pagefind's files with its fragments replaced by the records' result cards.

    The cards of the pages whose ids start alike share a file, `kb-results/<start>.json`
    (`{id: {url, kind, title, statement}}`); how many digits of the id name a file is in
    `kb-results/layout.json`, chosen so that a file holds about `CARDS_PER_FILE` cards."""
    by_url = {"/" + record.url: record for record in records}
    cards: dict[str, dict[str, str]] = {}
    kept: list[InternalDecodedFile] = []
    for file in files:
        if not file["path"].startswith(FRAGMENTS):
            kept.append(file)
            continue
        page_id = file["path"].removeprefix(FRAGMENTS).removesuffix(".pf_fragment")
        data = gzip.decompress(file["content"])
        if not data.startswith(_FRAGMENT_SIGNATURE) or not _PAGE_ID.fullmatch(page_id):
            raise SearchIndexError(f"Pagefind wrote a fragment kb cannot read: {file['path']}")
        record = by_url[json.loads(data[len(_FRAGMENT_SIGNATURE) :])["url"]]
        cards[page_id] = {
            "url": record.url,
            "kind": record.kind,
            "title": record.title,
            "statement": record.statement,
        }
    digits = 1
    while len(cards) > CARDS_PER_FILE * 16**digits:
        digits += 1
    shared: dict[str, dict[str, dict[str, str]]] = {}
    for page_id, card in cards.items():
        language, hexadecimal = _PAGE_ID.fullmatch(page_id).groups()  # type: ignore[union-attr]
        shared.setdefault(language + hexadecimal[:digits], {})[page_id] = card
    kept.append(_json_file("layout", {"digits": digits}))
    kept.extend(_json_file(name, group) for name, group in shared.items())
    return kept


def _json_file(name: str, value: object) -> InternalDecodedFile:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return {"path": f"{SEARCH_RESULTS}/{name}.json", "content": text.encode()}


class _Service(PagefindService):
    """Pagefind's service, reading each answer of its binary as soon as it is written, with
    room for the answer that holds every file of the index, and sending each message without
    first formatting it for a debug log that is off (Pagefind's own `send` makes the text of
    every record into log messages whether or not they are logged)."""

    async def launch(self) -> _Service:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=MAX_ANSWER,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    def post(self, payload: InternalRequestPayload) -> asyncio.Future[InternalResponsePayload]:
        """Send a message; its answer, when it comes (`drain` lets the binary read it)."""
        self._message_id += 1
        answer: asyncio.Future[InternalResponsePayload] = self._loop.create_future()
        self._responses[self._message_id] = answer
        message = {"message_id": self._message_id, "payload": payload}
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        assert self._backend.stdin is not None
        self._backend.stdin.write(base64.b64encode(text.encode()) + b",")
        return answer

    async def drain(self) -> None:
        assert self._backend.stdin is not None
        await self._backend.stdin.drain()

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        answer = self.post(payload)
        await self.drain()
        return await answer

    async def finish(self) -> None:
        self._poll_task.cancel()
        assert self._backend.stdin is not None
        self._backend.stdin.close()
        await self._backend.wait()

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                line = await self._backend.stdout.readuntil(b",")
                response = json.loads(base64.b64decode(line[:-1]))
                payload = response["payload"]
                future = self._responses.get(response.get("message_id"))
                if future is None:  # an answer to a message the binary could not read
                    raise SearchIndexError(payload.get("message", "Pagefind refused a message"))
                if payload["type"] == "Error":
                    future.set_exception(SearchIndexError(payload.get("message", "")))
                else:
                    future.set_result(payload)
        except (asyncio.IncompleteReadError, SearchIndexError, ValueError, KeyError) as error:
            for waiting in self._responses.values():  # the binary ended or garbled: none waits on
                if not waiting.done():
                    waiting.set_exception(SearchIndexError(f"Pagefind stopped: {error!r}"))
