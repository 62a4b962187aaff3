"""Addresses: every output path and every link of the site is made here, and nowhere else.

Content decides names (ids, aliases, BibTeX keys) and links (body links, a work's `url`);
content is untrusted, so one module turns names into site paths by one rule and decides which
links may be published. An address is a directory-style path relative to the site root
(`claims/some-id/`); a file of the site is a relative path (`claims/some-id/index.html`).

The rule for names: an id (already `^[a-z0-9]+(-[a-z0-9]+)*$`) is its own segment. A BibTeX
key becomes its lower-cased self when that is a plain ASCII slug (`doe2021widgets`,
`smith_2020.b`); any other key (`Däubener2020`, `DBLP:conf/x/Y20`, `../../x`) gets a derived
segment: its ASCII letters and digits joined by hyphens, then `-` and eight hexadecimal digits
of the SHA-256 of the lower-cased key. Keys are matched without regard to case, as before, so
`Foo` and `foo` are one work; two keys that differ otherwise never share a segment. Names that the
site itself uses in a folder (`index`, `assets`, ...) are reserved.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# The site's own folders and files at the root, which no hand-written page may shadow, and
# the names no id or key may take inside a folder of entries or works.
SITE_FOLDERS = (
    "assets",
    "search",
    "schema",
    "claims",
    "questions",
    "people",
    "forecasts",
    "references",
    "tags",
    "diagnostics",
    "open-counterarguments",
    "stylesheets",
    "javascripts",
    "pagefind",
)
# The generated pages at the root, each at `<name>/`.
SECTIONS = (
    "claims",
    "questions",
    "people",
    "forecasts",
    "references",
    "open-counterarguments",
    "diagnostics",
)
# Files of the site that are not pages.
KB_JSON = "kb.json"
DOCUMENT_SCHEMA = "schema/kb.json"
ENTRY_SCHEMA = "schema/entry.json"
STYLESHEET = "assets/kb/kb.css"
TAGS_URL = "tags/"
SEARCH_INDEX = "pagefind"  # the folder of the search index (`kb.export.search_index`)
SEARCH_RESULTS = "kb-results"  # within it, what a result shows (`result_cards`)
RESERVED_SEGMENTS = frozenset({"index", "assets", "search", "schema", "404", "sitemap"})
# Files the site generates, or MkDocs writes, at the root.
SITE_FILES = ("kb.json", "404.html", "sitemap.xml", "sitemap.xml.gz")
# Pages at the root of content/ that the site expects to be hand-written: the home page and
# the tags page, which the engine fills in (`<!-- kb:tags -->`).
HAND_WRITTEN_ROOT_PAGES = ("index.md", "tags.md")

_SAFE_SEGMENT = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = ("http", "https", "mailto")
MAX_DERIVED = 48


class UnsafePath(ValueError):
    """A path that would leave the site folder or is not a plain relative path."""


@lru_cache(maxsize=4096)
def work_slug(key: str) -> str:
    """The address segment of a BibTeX key, by the rule in this module's docstring. A key is
    read in Unicode's composed form (NFC), so that `Däubener2020` typed in a body matches the
    same key written decomposed, as some macOS tools save it.

    Remembered for the last 4,096 keys: linking and checking 10,000 entries ask for 90,000
    slugs of a thousand keys, and linking takes 0.15 s instead of 0.17 s (3 paired series of 7,
    `make bench`'s corpus, 2026-12-01)."""
    lowered = unicodedata.normalize("NFC", key).lower()
    if _SAFE_SEGMENT.fullmatch(lowered) and lowered not in RESERVED_SEGMENTS:
        return lowered
    folded = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    stem = "-".join(words)[:MAX_DERIVED].strip("-") or "work"
    digest = hashlib.sha256(lowered.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"


def is_reserved(segment: str) -> bool:
    return segment in RESERVED_SEGMENTS


def shadows_site(name: str) -> bool:
    """Whether a file or folder called `name` at the root of content/ (a page by its name
    without `.md`) would take the place of a folder, page or file the site makes itself."""
    return name in SITE_FOLDERS or name in RESERVED_SEGMENTS or name in SITE_FILES


def entry_url(folder: str, entry_id: str) -> str:
    return _directory(folder, entry_id)


def work_url(slug: str) -> str:
    return _directory("references", slug)


def person_url(person_id: str) -> str:
    """The page of a person or organisation (contract v2): `people/<id>/`."""
    return entry_url("people", person_id)


def section_url(name: str) -> str:
    """A generated page at the root: `references/`, `tags/`, `diagnostics/`."""
    return _directory(name)


def entry_source(folder: str, entry_id: str) -> str:
    """The name a site generator knows an entry's page by (`claims/x.md`, served at
    `claims/x/`): the entry's own file name, so the page replaces the file."""
    return check_relative(entry_url(folder, entry_id)[:-1] + ".md")


def work_source(slug: str) -> str:
    return check_relative(work_url(slug)[:-1] + ".md")


def section_source(name: str) -> str:
    """A generated page at the root (`references/index.md`, served at `references/`)."""
    return check_relative(section_url(name) + "index.md")


def source_url(source: str) -> str:
    """The address a page's source name is served at: `x/index.md` and `x.md` at `x/`."""
    check_relative(source)
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def redirect_file(folder: str, alias: str) -> str:
    """The file that forwards a former id's address to the entry."""
    return page_file(entry_url(folder, alias))


def page_file(url: str) -> str:
    """The file that serves a directory-style address."""
    return check_relative(url + "index.html" if url.endswith("/") or not url else url)


def tag_anchor(tag: str) -> str:
    """The id of a tag's heading in the index of tags."""
    return "tag:" + tag


def tag_url(tag: str) -> str:
    """A tag's place in the index of tags."""
    return TAGS_URL + "#" + tag_anchor(tag)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`; both are site-relative addresses."""
    depth = from_url.count("/")
    return "../" * depth + to_url if (depth or to_url) else "./"


def absolute_url(site_url: str, url: str) -> str:
    """`url` as a permanent address under `site_url` (or root-relative when it is unknown)."""
    if not site_url:
        return "/" + url
    return site_url.rstrip("/") + "/" + url


def _directory(*segments: str) -> str:
    for segment in segments:
        if not _SAFE_SEGMENT.fullmatch(segment):
            raise UnsafePath(f"not a safe address segment: {segment!r}")
    return "/".join(segments) + "/"


def check_relative(path: str) -> str:
    """`path` if it is a plain relative path inside the site folder; else `UnsafePath`."""
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or any(ord(c) < 0x20 or c == "\x7f" for c in path)
    ):
        raise UnsafePath(f"not a relative site path: {path!r}")
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        raise UnsafePath(f"path leaves the site folder: {path!r}")
    return path


def output_file(site_dir: Path, path: str) -> Path:
    """Where a site file is written: inside `site_dir`, or `UnsafePath` (the last defence)."""
    target = (site_dir / check_relative(path)).resolve()
    root = site_dir.resolve()
    if target != root and root not in target.parents:
        raise UnsafePath(f"path leaves the site folder: {path!r}")
    return target


def link_problem(url: str, *, allow_relative: bool = True) -> str | None:
    """Why `url` may not be published as a link, or None when it may.

    Allowed: `http`, `https` and `mailto` addresses, and (with `allow_relative`) the site's
    own addresses: relative paths and `#fragments`. Anything else, including another scheme,
    a protocol-relative `//host` and control characters or spaces, is refused."""
    if any(ord(c) <= 0x20 or c == "\x7f" for c in url):
        return "a link may not contain spaces or control characters"
    if "\\" in url:
        return "a link may not contain a backslash"
    match = _SCHEME.match(url)
    if match:
        scheme = match.group(1).lower()
        if scheme not in LINK_SCHEMES:
            return f"'{scheme}:' links are not allowed; use http, https or mailto"
        if scheme in ("http", "https") and not url[match.end() :].startswith("//"):
            return f"an {scheme} link needs '//' and a host"
        return None
    if url.startswith("//"):
        return "a link to another host needs 'https:'"
    if not allow_relative:
        return "a link here must be a full address starting with 'https://'"
    return None


def repository_url(repo_url: str, uri: str, source: str) -> str | None:
    """The address of a content file (`claims/x.md`, relative to the content folder) in the
    repository, made as MkDocs makes its edit links: `uri` is relative to `repo_url` (e.g.
    `edit/main/content/`) or a full address of its own. None when either is missing or the
    result is not an address the link policy lets the site publish."""
    if not uri or (not repo_url and not _SCHEME.match(uri)):
        return None
    base = uri if _SCHEME.match(uri) else repo_url.rstrip("/") + "/" + uri.lstrip("/")
    url = base.rstrip("/") + "/" + check_relative(source)
    return None if link_problem(url, allow_relative=False) else url
