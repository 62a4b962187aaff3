"""What readers search: the engine's search records, and the Pagefind index written from them.

The index is checked through what it holds (the words of Pagefind's index, and the result
cards beside it); searching it in a browser is in tests/test_browser.py.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, build_site, result_cards
from mkdocs.exceptions import Abort

from kb import pipeline
from kb.export.search_index import SearchIndexer, SearchIndexError, write_search_index
from kb.export.search_records import SearchRecord, search_records
from kb.project import load_project


@pytest.fixture(scope="module")
def records() -> dict[str, SearchRecord]:
    result = pipeline.run(load_project(FIXTURES / "small"))
    return {record.url: record for record in search_records(result)}


def test_an_entry_is_found_by_its_own_words(records):
    record = records["claims/steering-works/"]
    assert record.title == "Identified features enable targeted steering"
    assert record.kind == "Claim"
    assert record.statement.startswith("Once the relevant features are found")
    for words in (
        "Identified features enable targeted steering",  # title
        "Once the relevant features are found",  # statement
        "Editing works in practice",  # body
        "Why it holds",  # a heading of the body
        "the objection",  # a cross-link's label
        "p = 0.6",  # math, as written
        "Only for features that have been identified.",  # an admonition
        "Baselines compared",  # a task list item
        "A figure from the paper.",  # a footnote
        "interpretability",  # a tag
    ):
        assert words in record.text, words


def test_an_entry_is_not_found_by_its_neighbours_or_its_citations(records):
    text = records["claims/steering-works/"].text
    assert "competitive" not in text  # the title of a counterargument listed on its page
    assert "dictionary learning" not in text  # the question it answers
    assert "meng2022locating" not in text and "[1" not in text  # citations
    assert "Locating and Editing" not in text  # the works it cites
    assert "Cite this entry" not in text and "@misc" not in text  # its page's citation block


def test_works_and_hand_written_pages_have_records_lists_do_not(records):
    work = records["references/meng2022locating/"]
    assert work.kind == "Reference" and "Locating and Editing" in work.title
    assert "2022" in work.statement
    home = records[""]
    assert home.kind == "Page" and home.title == "Small KB"
    assert "See Identified features enable targeted steering for a start." in home.text
    assert "kb:overview" not in home.text  # the mark of a generated fragment
    assert not {"claims/", "questions/", "references/"} & set(records)


def test_the_built_index_shows_each_record_as_its_card(small_site, records):
    cards = result_cards(small_site)
    assert set(cards) == set(records)
    for url, record in records.items():
        card = cards[url]
        assert (card["title"], card["kind"], card["statement"]) == (
            record.title,
            record.kind,
            record.statement,
        )
    assert not (small_site / "pagefind" / "fragment").exists()  # the cards stand in for them


def index_words(site: Path) -> bytes:
    """Pagefind's word index: gzip, a signature, then CBOR, whose words are UTF-8 as written
    (after stemming)."""
    chunks = (site / "pagefind" / "index").iterdir()
    return b"".join(gzip.decompress(chunk.read_bytes()) for chunk in chunks)


def test_the_built_index_holds_the_records_words(small_site):
    words = index_words(small_site)
    # The stems Pagefind's English stemmer makes of words of a title, a statement, a body, a
    # footnote and a tag.
    for stem in ("steer", "relev", "baselin", "figur", "interpret"):
        assert b"%c%s" % (0x60 + len(stem), stem.encode()) in words, stem  # CBOR: length, text


def test_a_rebuild_replaces_the_index(small_kb, tmp_path):
    site = build_site(small_kb, tmp_path / "site")
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("chosen examples", "held-out behaviours"),
        encoding="utf-8",
    )
    build_site(small_kb, site)
    title = result_cards(site)["claims/steering-fails/"]["title"]
    assert title == "Steering with features fails outside held-out behaviours"
    assert len(result_cards(site)) == 9  # no stale card


def test_a_large_index_shares_its_result_cards_among_more_files(tmp_path):
    """Files of about 64 cards: one hexadecimal digit of the page id names a file up to 1,024
    pages, two from there on (at most 20 files read for a page of 20 results either way)."""
    records = [
        SearchRecord(url=f"e{n}/", title=f"Entry {n}", kind="Claim", statement=f"S{n}", text="x")
        for n in range(1100)
    ]
    write_search_index(records, tmp_path / "pagefind")
    cards = result_cards(tmp_path)  # checks that each card is in the file its id names
    assert len(cards) == 1100 and cards["e7/"]["statement"] == "S7"
    folder = tmp_path / "pagefind" / "kb-results"
    assert json.loads((folder / "layout.json").read_text(encoding="utf-8")) == {"digits": 2}
    assert 100 < len(list(folder.iterdir())) <= 257


def test_an_index_that_cannot_be_written_is_an_error(tmp_path):
    (tmp_path / "taken").write_text("a file where the index's folder would go\n")
    record = SearchRecord(url="x/", title="X", kind="Claim", statement="", text="X")
    with pytest.raises(SearchIndexError):
        write_search_index([record], tmp_path / "taken" / "pagefind")


def test_materials_search_plugin_beside_the_index_stops_a_strict_build(small_kb):
    config = small_kb / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"),
        encoding="utf-8",
    )
    with pytest.raises(Abort):
        build_site(small_kb)


def test_an_index_cancelled_for_a_newer_one_stops_at_once_and_writes_nothing(tmp_path):
    """Under the live preview a save made while the last index is still being made stops it,
    rather than waiting the seconds Pagefind takes over a large knowledge base."""
    records = [
        SearchRecord(
            url=f"e{n}/", title=f"Entry {n}", kind="Claim", statement="", text="word " * 200
        )
        for n in range(20000)
    ]
    indexer = SearchIndexer(records)
    indexer.cancel()
    with pytest.raises(SearchIndexError, match="cancelled"):
        indexer.write(tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists()
    if indexer.binary is not None:  # the binary was started, and is gone
        with pytest.raises(ProcessLookupError):
            os.kill(indexer.binary, 0)
