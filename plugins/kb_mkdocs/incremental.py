"""The live preview's rebuilds: MkDocs writes only the files the engine's rendering changed.

`mkdocs serve --dirty` (what `make serve` runs) asks each file `is_modified()` before it reads
a page, writes a page or copies a file, and never cleans the site folder. `EngineFile` answers
from the engine (`kb.render.incremental`): a file is modified when its content differs from
the previous build's, by value, never by size or time. MkDocs asks the same question to read a
page and to write it: every page is read (the theme's navigation shows the titles of some,
other plugins may read every page, and reading an engine page costs little), and only
changed ones are rendered through the theme and written. Where the engine cannot bound a
change, every file is modified and the site folder is emptied first, as a full build does.

The search index is not MkDocs': the plugin makes it from the engine's search records, again
only when they changed.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

# MkDocs warns on every dirty build that its navigation may be stale; under this plugin it is
# not (the navigation holds listed pages only, and renaming one rebuilds everything), and the
# warning would abort every build of a strict site.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class Writing:
    """Whether MkDocs is reading pages (every page is) or writing them (only changed ones)."""

    def __init__(self) -> None:
        self.started = False


class EngineFile(File):
    """A file the engine made, modified only if its content differs from the last build's."""

    changed: bool = True
    writing: Writing | None = None

    def is_modified(self) -> bool:
        if self.writing is not None and not self.writing.started:
            return True  # every page is read
        return self.changed


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process. MkDocs makes a new template
    environment for every build, which compiles Material's templates again; Jinja compares
    each template's source with the checksum kept beside its code, so an edited template is
    compiled again. Saves 0.1 s of every rebuild (2.00 s against 2.08 s at 10,000 entries,
    medians of 5 paired rebuilds, 2026-11-30)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class DirtyWarningFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def settings_fingerprint(config: MkDocsConfig) -> bytes:
    """What the site is built with beside content/ and the bibliography: mkdocs.yml and the
    theme's custom_dir. A change there is not bounded: everything is built again."""
    digest = hashlib.blake2b(digest_size=16)
    files = [Path(config.config_file_path)] if config.config_file_path else []
    if config.theme.custom_dir:
        files += sorted(p for p in Path(config.theme.custom_dir).rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
