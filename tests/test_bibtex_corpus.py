"""Real exports, pasted as they are: every `.bib` of tests/bibtex_corpus/ through the real
`kb check` and a real strict build.

Each file is the `references.bib` of a small knowledge base whose one claim cites some of its
works. What a contributor would see is asserted: the check never crashes and accepts the
works a reference manager accepts (at least 97% of the corpus' entries; the rest are entries
without a title or a key, or broken beyond what BibTeX reads); a file without errors builds
strictly; and no title, author or venue on the bibliography page shows LaTeX markup outside
math, or has lost the words of its title.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
from conftest import build_site
from helpers_engine import claim, write_kb

from kb.addresses import work_slug
from kb.load.citations import KEY

CORPUS = Path(__file__).resolve().parent / "bibtex_corpus"
FILES = sorted(CORPUS.glob("*.bib"))
KB = Path(sys.executable).parent / "kb"
MKDOCS_YML = """\
site_name: Corpus KB
site_url: https://kb.example.org/
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - kb
"""


def entries_of(path: Path) -> list[tuple[int, str, str]]:
    """(1-based line, key, raw title) of each entry, as bibtexparser's default stack reads it."""
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    blocks = [*library.entries, *library.failed_blocks]
    found = []
    for block in blocks:
        block = getattr(block, "ignore_error_block", None) or block  # e.g. a repeated field
        if getattr(block, "entry_type", "").lower() == "xdata":
            continue
        fields = {f.key.lower(): f.value for f in getattr(block, "fields", [])}
        found.append(
            (block.start_line + 1, getattr(block, "key", ""), str(fields.get("title", "")))
        )
    return sorted(found)


def _bare_or_braced(key: str) -> str:
    found = KEY.fullmatch(key)
    return key if found and found.group(2) == key else "{" + key + "}"


def knowledge_base(root: Path, bib: Path, keys: list[str]) -> Path:
    """A knowledge base citing `keys`, in `sources` and (the first three) in the body."""
    extra = {"sources": "".join(f"\n  - key: {json.dumps(key)}" for key in keys)} if keys else {}
    citable = [key for key in keys if "{" not in key and "}" not in key][:3]
    # A key outside Pandoc's bare grammar (`1959flme.book.....L`) is cited braced, as in Pandoc.
    body = (
        "Cited as " + "; ".join(f"[@{_bare_or_braced(key)}]" for key in citable) + "."
        if citable
        else "No body."
    )
    write_kb(
        root,
        {"claims/corpus-claim.md": claim("corpus-claim", body=body, **extra)},
        bib=None,
        mkdocs_yml=MKDOCS_YML,
    )
    (root / "references.bib").write_bytes(bib.read_bytes())
    return root


def check(root: Path) -> list[dict]:
    result = subprocess.run(
        [str(KB), "--root", str(root), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout or "[]")


def accepted(entries: list[tuple[int, str, str]], diagnostics: list[dict]) -> list[str]:
    """The keys of the entries with no error reported inside them."""
    starts = [line for line, _, _ in entries]
    refused = set()
    for d in diagnostics:
        if d["severity"] == "error" and d["path"] == "references.bib":
            inside = [i for i, start in enumerate(starts) if start <= d["line"]]
            if inside:
                refused.add(inside[-1])
    return [key for i, (_, key, _) in enumerate(entries) if i not in refused]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, tuple[list, list[dict], list[str]]]:
    """Every corpus file checked by the real `kb check`: (entries, diagnostics, accepted)."""
    results = {}
    for bib in FILES:
        entries = entries_of(bib)
        root = knowledge_base(tmp_path_factory.mktemp(bib.stem), bib, [])
        diagnostics = check(root)
        results[bib.name] = (entries, diagnostics, accepted(entries, diagnostics))
    return results


def test_the_corpus_has_at_least_20_files_with_their_origin_noted():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert len(FILES) >= 20
    for bib in FILES:
        assert f"`{bib.name}`" in readme, bib.name


def test_at_least_97_percent_of_the_corpus_entries_are_accepted(checked):
    total = sum(len(entries) for entries, _, _ in checked.values())
    good = sum(len(keys) for _, _, keys in checked.values())
    assert good >= 0.97 * total, {name: len(e) - len(k) for name, (e, _, k) in checked.items()}


def test_every_diagnostic_is_catalogued_and_located(checked):
    from kb.check.codes import RULES

    for _, diagnostics, _ in checked.values():
        for d in diagnostics:
            assert d["code"] in RULES
            assert d["line"] >= 1 and d["col"] >= 1


class _Items(HTMLParser):
    """The text of each item of the bibliography page's list, by the item's id (the slug)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, str] = {}
        self._list = False
        self._item: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and ("class", "kb-bibliography") in attrs:
            self._list = True
        elif self._list and tag == "li":
            self._item = dict(attrs)["id"]
            self.items[self._item] = ""

    def handle_endtag(self, tag):
        if tag == "ul":
            self._list = False

    def handle_data(self, data):
        if self._list and self._item is not None:
            self.items[self._item] += data


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _words(raw_title: str) -> list[str]:
    """The plain words of a raw BibTeX title: commands, math and braces left out."""
    text = re.sub(r"\$[^$]*\$", " ", raw_title)
    text = re.sub(r"\\[A-Za-z]+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("{", "").replace("}", "")
    return [w for w in re.findall(r"[A-Za-z]{4,}", text)]


@pytest.fixture(scope="module")
def built(checked, tmp_path_factory) -> dict[str, tuple[list[str], Path, dict[str, str]]]:
    """Every corpus file without errors, citing five of its works, built strictly:
    (the accepted keys, the site, the text of each bibliography item by slug)."""
    sites = {}
    for bib in FILES:
        entries, diagnostics, keys = checked[bib.name]
        if any(d["severity"] == "error" for d in diagnostics):
            continue
        root = knowledge_base(tmp_path_factory.mktemp(bib.stem), bib, keys[:5])
        site = build_site(root)
        parser = _Items()
        parser.feed((site / "references" / "index.html").read_text(encoding="utf-8"))
        shown = {slug: html.unescape(" ".join(text.split())) for slug, text in parser.items.items()}
        sites[bib.name] = (keys, site, shown)
    return sites


def test_an_export_with_errors_fails_the_check_at_the_broken_entries_only(checked):
    for name, (entries, diagnostics, keys) in checked.items():
        errors = [d for d in diagnostics if d["severity"] == "error"]
        assert all(d["path"] == "references.bib" and d["code"].startswith("bib-") for d in errors)
        assert len(keys) >= len(entries) - len(errors), name


def test_most_exports_build_strictly_with_a_page_for_every_work(built):
    assert len(built) >= 20
    for keys, site, shown in built.values():
        assert set(shown) == {work_slug(key) for key in keys}
        for key in keys:
            assert (site / "references" / work_slug(key) / "index.html").is_file(), key


def test_no_shown_title_author_or_venue_keeps_latex_markup(built):
    shown = [text for _, _, items in built.values() for text in items.values()]
    markup = [text for text in shown if re.search(r"[\\{}]", _outside_math(text))]
    assert len(markup) <= 0.01 * len(shown), markup


def test_no_shown_title_loses_its_words(checked, built):
    lost, total = [], 0
    for name, (keys, _, shown) in built.items():
        for _, key, title in checked[name][0]:
            if key in keys:
                total += 1
                text = _folded(shown[work_slug(key)])
                if any(word.lower() not in text for word in _words(title)):
                    lost.append((title, shown[work_slug(key)]))
    assert len(lost) <= 0.01 * total, lost


def _outside_math(text: str) -> str:
    return re.sub(r"\$[^$]*\$", "", text)
