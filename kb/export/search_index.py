"""The site's search index: Pagefind's static, fragmented index, written from search records.

Material's built-in search makes every page view download the whole index and rebuild it in
the browser (16 MB at 10,000 entries); Pagefind splits its index into small files, so a page
view downloads none of it and a search only the few pieces its words need. It is written from
`kb.export.search_records` with Pagefind's Python API (`add_custom_record`): no HTML is read
back. Pagefind's binary comes in the `pagefind-bin` wheel, so building needs no network.

Pagefind's Python service (1.5.2) waits 0.1 s before reading each of its binary's answers,
which would make 10,000 records take 1,000 s; `_Service` reads each answer as it comes. Its
binary answers `write_files` before the last piece of each file is on disk, and exits without
writing it when its service is closed (a build left `pagefind-entry.json` empty), so the files
are asked for (`get_files`) and written here, whole. The rest of the API is Pagefind's own.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.service import PagefindService
from pagefind.service.types import InternalDecodedFile

from kb.addresses import check_relative
from kb.export.search_records import SearchRecord

# The largest answer read from the binary: the one that holds every file of the index (about
# 85 MB, base64 in JSON in base64, at 10,000 entries).
MAX_ANSWER = 2**30
# Pagefind's ready-made search interfaces, which the site does not use (its theme has its own).
UNUSED = tuple(
    f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css")
)


class SearchIndexError(RuntimeError):
    """Pagefind could not be started or refused a record."""


class SearchIndexer:
    """Makes the index of `records` in a thread of its own, so that the caller can do other
    work meanwhile (a site generator writing its pages: Pagefind's binary indexes on another
    core); `write` waits for it and writes the files. The thread runs an event loop of its
    own, so a caller's running loop (an editor's, a test driver's) is neither needed nor
    disturbed."""

    def __init__(self, records: list[SearchRecord], language: str = "en") -> None:
        thread = ThreadPoolExecutor(1, thread_name_prefix="search index")
        self._files = thread.submit(asyncio.run, _index_files(records, language))
        thread.shutdown(wait=False)  # the thread ends with its one task

    def write(self, folder: Path) -> None:
        """Write the index into `folder` (replaced): Pagefind's files, which its `pagefind.js`
        reads from the same folder."""
        try:
            files = self._files.result()
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


async def _index_files(records: list[SearchRecord], language: str) -> list[InternalDecodedFile]:
    service = await _Service().launch()
    try:
        index = await service.create_index({"force_language": language})
        added = []
        for record in records:
            meta = {"title": record.title, "kind": record.kind, "statement": record.statement}
            added.append(
                asyncio.ensure_future(
                    index.add_custom_record(
                        url="/" + record.url, content=record.text, language=language, meta=meta
                    )
                )
            )
            if len(added) % 100 == 0:
                await asyncio.sleep(0)  # let the binary start on the first records
        await asyncio.gather(*added)
        return await index.get_files()
    finally:
        await service.finish()


class _Service(PagefindService):
    """Pagefind's service, reading each answer of its binary as soon as it is written, with
    room for the answer that holds every file of the index."""

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
