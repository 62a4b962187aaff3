"""Loading entry files: every unreadable file becomes a diagnostic, and the rest still load."""

from __future__ import annotations

import os
from pathlib import Path

from helpers_engine import claim, one, parse_file, run_kb, where, write_kb

from kb.diagnostics import Diagnostic
from kb.load.entries import MAX_FILE_BYTES, load_entry
from kb.load.files import read_capped

PATH = "content/claims/x-entry.md"


def test_file_that_is_not_utf8_reports_line_and_column_of_the_bad_byte():
    entry, diagnostics = parse_file(b"---\nid: x-entry\ntitle: caf\xe9\n---\n")
    assert entry is None
    error = one(diagnostics, "file-encoding")
    assert where(error) == (PATH, 3, 11)
    assert "0xe9" in error.message


def test_empty_file_is_an_error():
    entry, diagnostics = parse_file("")
    assert entry is None
    assert where(one(diagnostics, "file-empty")) == (PATH, 1, 1)


def test_file_of_only_blank_lines_is_empty():
    _, diagnostics = parse_file("\n  \n\n")
    one(diagnostics, "file-empty")


def test_file_without_front_matter_is_an_error_on_line_one():
    entry, diagnostics = parse_file("# A title\n\nSome text.\n")
    assert entry is None
    assert where(one(diagnostics, "front-matter-missing")) == (PATH, 1, 1)


def test_front_matter_never_closed_is_an_error():
    entry, diagnostics = parse_file("---\nid: x-entry\ntitle: T\n")
    assert entry is None
    assert "not closed" in one(diagnostics, "front-matter-missing").message


def test_front_matter_that_is_a_list_is_an_error_at_its_first_line():
    entry, diagnostics = parse_file("---\n- id: x-entry\n- type: claim\n---\nBody\n")
    assert entry is None
    assert where(one(diagnostics, "front-matter-not-mapping")) == (PATH, 2, 1)


def test_front_matter_that_is_a_sentence_is_an_error():
    entry, diagnostics = parse_file("---\nJust a sentence.\n---\n")
    assert entry is None
    one(diagnostics, "front-matter-not-mapping")


def test_empty_front_matter_is_an_error():
    entry, diagnostics = parse_file("---\n---\nBody\n")
    assert entry is None
    one(diagnostics, "front-matter-not-mapping")


def test_nul_character_is_reported_on_its_line():
    _, diagnostics = parse_file("---\nid: x-entry\n---\nText\x00\n")
    assert one(diagnostics, "file-encoding").position.line == 4


def test_body_is_the_text_after_the_closing_line_and_knows_where_it_starts():
    entry, diagnostics = parse_file("---\nid: x-entry\ntype: claim\n---\nFirst line.\nSecond.\n")
    assert diagnostics == []
    assert entry.body == "First line.\nSecond.\n"
    assert entry.body_line == 5
    assert (entry.folder, entry.stem, entry.path) == ("claims", "x-entry", PATH)


def test_byte_order_mark_and_windows_line_endings_are_accepted():
    data = "\ufeff---\r\nid: x-entry\r\ntitle: T\r\n---\r\nBody\r\n".encode()
    entry, diagnostics = parse_file(data)
    assert diagnostics == []
    assert entry.body == "Body\n"
    assert entry.body_line == 5


def test_file_over_256_kib_is_refused_without_being_parsed(tmp_path):
    big = claim("big-entry", body="x" * MAX_FILE_BYTES)
    root = write_kb(tmp_path, {"claims/big-entry.md": big})
    entry, diagnostics = load_entry(root, root / "content/claims/big-entry.md")
    assert entry is None
    error = one(diagnostics, "file-too-large")
    assert where(error) == ("content/claims/big-entry.md", 1, 1)
    assert str(MAX_FILE_BYTES) in error.message


def test_file_of_exactly_256_kib_loads(tmp_path):
    head = claim("big-entry")
    body = "x" * (MAX_FILE_BYTES - len(head.encode()))
    root = write_kb(tmp_path, {"claims/big-entry.md": head + body})
    assert (root / "content/claims/big-entry.md").stat().st_size == MAX_FILE_BYTES
    entry, diagnostics = load_entry(root, root / "content/claims/big-entry.md")
    assert diagnostics == []
    assert entry is not None


def test_one_broken_file_does_not_stop_the_others_loading(tmp_path):
    root = write_kb(
        tmp_path,
        {
            "claims/good-one.md": claim("good-one", supports="[broken-one]"),
            "claims/broken-one.md": "no front matter",
            "questions/a-question.md": claim("a-question", type="question"),
            "claims/index.md": "# Claims index, not an entry",
            "claims/notes.txt": "not markdown",
        },
    )
    result = run_kb(root)
    assert sorted(e.id for e in result.entries) == ["a-question", "good-one"]
    assert where(one(result.diagnostics, "front-matter-missing")) == (
        "content/claims/broken-one.md",
        1,
        1,
    )
    # the unreadable file is reported once, not again where another entry names it
    assert not [d for d in result.diagnostics if d.code == "unknown-entry"]


def test_entries_outside_claims_and_questions_are_not_loaded(tmp_path):
    root = write_kb(tmp_path, {"about.md": "# About", "claims/good-one.md": claim("good-one")})
    result = run_kb(root)
    assert [e.path for e in result.entries] == ["content/claims/good-one.md"]
    assert [d for d in result.diagnostics if d.is_error] == []


def test_capped_reading_refuses_devices_fifos_links_and_oversized_files(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "big").write_bytes(b"x" * 101)
    (tmp_path / "small").write_bytes(b"x" * 100)
    (tmp_path / "link").symlink_to(tmp_path / "small")
    cases = {
        Path("/dev/zero"): "file-not-regular",
        tmp_path / "pipe": "file-not-regular",
        tmp_path: "file-not-regular",
        tmp_path / "link": "file-symlink",
        tmp_path / "big": "file-too-large",
    }
    for path, code in cases.items():
        refused = read_capped(path, "shown/as", 100)
        assert isinstance(refused, Diagnostic) and refused.code == code, (path, refused)
        assert refused.position.path == "shown/as"
    assert read_capped(tmp_path / "small", "shown/as", 100) == b"x" * 100
