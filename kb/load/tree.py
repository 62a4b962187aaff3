"""The content tree: every file under `content/`, walked without following links, and sorted
into what the contract names; everything else is an error.

MkDocs publishes every file of its docs folder as it is, so a check that reads only the entry
files would let a pull request publish anything else: `x.html` with a script, a theme asset
such as `assets/javascripts/bundle.js`, a link to `.git/config`. This walk sees every file and
folder; what it does not sort into entries, hand-written pages, the registry or images is a
located diagnostic. The same walk says which files of `content/` the site publishes: the
pages the engine renders and the images it copies (`kb.render.site.build_site`); the site
generator publishes nothing else of `content/`, so it cannot publish what the check refuses.

The rules:
- no symbolic link, anywhere (a linked folder is not entered), and only regular files;
- every name is letters, digits, `.`, `_` and `-`, not starting with `.`, and folders nest
  at most `MAX_FOLDER_DEPTH` deep;
- `content/claims/` and `content/questions/` hold entry files `<name>.md` and nothing else;
  `index.md` there is the engine's own page;
- `content/published-ids.txt` is the registry;
- nothing at the root of `content/` takes a name the site uses (`kb.addresses.shadows_site`),
  in any case (a case-insensitive file system would merge `Assets/` into `assets/`), except
  the home page `index.md` and the tags page `tags.md`;
- images (`.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, checked by their first bytes) may live
  under `content/images/`; SVG is not among them, since it may carry script;
- any other `*.md` is a hand-written page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from kb.addresses import HAND_WRITTEN_ROOT_PAGES, shadows_site
from kb.check.codes import report
from kb.diagnostics import Diagnostic, Position
from kb.load.entries import MAX_FILE_BYTES
from kb.load.files import read_capped, refused
from kb.model import ENTRY_FOLDERS

REGISTRY_NAME = "published-ids.txt"
IMAGE_FOLDER = "images"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_FOLDER_DEPTH = 8
# An image's type by its extension, and the first bytes every such file starts with.
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


class EntryFile(NamedTuple):
    """An entry file: where to open it, the path diagnostics name it by, its folder and its
    name without `.md`. Plain strings: a walk of 10,000 entries made them as paths in 0.016 s,
    and reading them took folder and stem from paths in another 0.018 s (2026-12-01)."""

    file: str
    path: str
    folder: str
    stem: str


@dataclass(frozen=True)
class ContentTree:
    """What the walk found: entry files, the hand-written pages and images (relative to
    content/), and the problems."""

    entries: tuple[EntryFile, ...]
    pages: tuple[str, ...]
    images: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]


def walk_content(content_dir: Path, shown_as: str) -> ContentTree:
    """Walk `content_dir` (named `shown_as` in diagnostics), following no link."""
    walk = _Walk(content_dir, shown_as)
    try:
        info = os.lstat(content_dir)
    except FileNotFoundError:
        return ContentTree((), (), (), ())
    if not os.path.isdir(content_dir) or os.path.islink(content_dir):
        problem = refused(shown_as, info.st_mode, 0, 0)
        return ContentTree((), (), (), (problem,) if problem else ())
    walk.folder(content_dir, ())
    entries = sorted(walk.entries, key=lambda item: (ENTRY_FOLDERS.index(item[0]), item[1]))
    return ContentTree(
        tuple(
            EntryFile(
                f"{content_dir}/{folder}/{name}", f"{shown_as}/{folder}/{name}", folder, name[:-3]
            )
            for folder, name in entries
        ),
        tuple(sorted(walk.pages)),
        tuple(sorted(walk.images)),
        tuple(walk.diagnostics),
    )


class _Walk:
    def __init__(self, content_dir: Path, shown_as: str) -> None:
        self.content_dir = content_dir
        self.shown_as = shown_as
        self.entries: list[tuple[str, str]] = []
        self.pages: list[str] = []
        self.images: list[str] = []
        self.diagnostics: list[Diagnostic] = []

    def fail(self, code: str, parts: tuple[str, ...], message: str) -> None:
        shown = "/".join((self.shown_as, *parts))
        self.diagnostics.append(report(code, Position(shown), message))

    def folder(self, path: Path, parts: tuple[str, ...]) -> None:
        # Iterative over folders: a tree nested thousands deep must not exhaust the stack.
        pending = [(path, parts)]
        while pending:
            path, parts = pending.pop()
            try:
                with os.scandir(path) as found:
                    items = sorted(found, key=lambda item: item.name)
            except OSError as exc:
                self.fail("file-not-regular", parts, f"cannot list this folder: {exc.strerror}")
                continue
            for item in items:
                child = (*parts, item.name)
                if item.is_symlink():
                    kind = "folder" if os.path.isdir(item.path) else "file"
                    self.fail(
                        "file-symlink",
                        child,
                        f"is a symbolic link; commit the {kind} itself, not a link to it",
                    )
                elif item.is_dir(follow_symlinks=False):
                    if self.sort_folder(child):
                        pending.append((Path(item.path), child))
                elif item.is_file(follow_symlinks=False):
                    self.sort_file(item, child)
                else:
                    info = item.stat(follow_symlinks=False)
                    problem = refused("/".join((self.shown_as, *child)), info.st_mode, 0, 0)
                    if problem is not None:
                        self.diagnostics.append(problem)

    def sort_folder(self, parts: tuple[str, ...]) -> bool:
        """Whether to walk into the folder; an error when it may not be there."""
        if not self.safe_name(parts):
            return False
        if len(parts) > MAX_FOLDER_DEPTH:
            self.fail(
                "file-unknown",
                parts,
                f"folders under content/ nest at most {MAX_FOLDER_DEPTH} deep",
            )
            return False
        if len(parts) == 1 and parts[0] in ENTRY_FOLDERS or parts[0] == IMAGE_FOLDER:
            return True
        if parts[0] in ENTRY_FOLDERS:
            self.fail(
                "file-unknown",
                parts,
                f"{self.shown_as}/{parts[0]}/ holds entry files only, not folders",
            )
            return False
        if len(parts) == 1 and shadows_site(parts[0].lower()):
            self.shadows(parts)
            return False
        return True

    def sort_file(self, item: os.DirEntry, parts: tuple[str, ...]) -> None:
        if not self.safe_name(parts):
            return
        name = parts[-1]
        extension = os.path.splitext(name)[1]
        if parts[0] in ENTRY_FOLDERS:
            if name == "index.md":
                self.shadows(parts)
            elif extension == ".md":
                self.entries.append((parts[0], name))
            else:
                self.fail(
                    "file-unknown",
                    parts,
                    f"{self.shown_as}/{parts[0]}/ holds entry files named by id (id.md) only",
                )
            return
        if len(parts) == 1 and name == REGISTRY_NAME:
            return  # the registry, read and checked by kb.check.registry
        if len(parts) == 1 and name not in HAND_WRITTEN_ROOT_PAGES:
            if shadows_site(name.lower()) or (
                extension == ".md" and shadows_site(name[:-3].lower())
            ):
                self.shadows(parts)
                return
        if parts[0] == IMAGE_FOLDER and len(parts) > 1:
            self.image(Path(item.path), parts, extension if extension in IMAGE_SIGNATURES else "")
            return
        if extension == ".md":
            size = item.stat(follow_symlinks=False).st_size
            if size > MAX_FILE_BYTES:
                self.fail(
                    "file-too-large",
                    parts,
                    f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes",
                )
            else:
                self.pages.append("/".join(parts))
            return
        what = f"'{extension}' files" if extension else "files without an extension"
        self.fail(
            "file-unknown",
            parts,
            f"{what} are not part of the knowledge base: content/ holds entries, "
            f"hand-written pages (.md), the registry and images under "
            f"{self.shown_as}/{IMAGE_FOLDER}/",
        )

    def image(self, path: Path, parts: tuple[str, ...], extension: str) -> None:
        if not extension:
            self.fail(
                "file-unknown",
                parts,
                f"{self.shown_as}/{IMAGE_FOLDER}/ holds images ("
                + ", ".join(IMAGE_SIGNATURES)
                + ") only",
            )
            return
        try:
            data = read_capped(path, "/".join((self.shown_as, *parts)), MAX_IMAGE_BYTES)
        except OSError as exc:
            self.fail("file-not-regular", parts, f"cannot read the image: {exc.strerror}")
            return
        if isinstance(data, Diagnostic):
            self.diagnostics.append(data)
        elif not data.startswith(IMAGE_SIGNATURES[extension]) or (
            extension == ".webp" and data[8:12] != b"WEBP"
        ):
            self.fail(
                "file-unknown", parts, f"is not a {extension[1:].upper()} image, whatever its name"
            )
        else:
            self.images.append("/".join(parts))

    def safe_name(self, parts: tuple[str, ...]) -> bool:
        if _SAFE_NAME.fullmatch(parts[-1]):
            return True
        self.fail(
            "file-unknown",
            parts,
            "names under content/ are letters, digits, '.', '_' and '-', and do not start with '.'",
        )
        return False

    def shadows(self, parts: tuple[str, ...]) -> None:
        self.fail(
            "file-shadows-site",
            parts,
            "would take the place of a page, file or asset the site makes itself; "
            "choose another name",
        )
