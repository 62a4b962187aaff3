"""Citations name the version cited: the entry's last change and the commit, read from git."""

from __future__ import annotations

import html as html_lib
import json
from datetime import date

from conftest import build_site
from git_support import git, init_repository

from kb.commands.cli import main


def _repository(small_kb):
    init_repository(small_kb)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nMore reasoning.\n", encoding="utf-8")
    git(small_kb, "commit", "-q", "-am", "second", when="2025-02-03T12:00:00+00:00")
    return git(small_kb, "rev-parse", "HEAD")


def test_cite_names_last_change_commit_and_access_date(small_kb, capsys):
    head = _repository(small_kb)
    assert main(["--root", str(small_kb), "cite", "steering-fails", "--format", "csl-json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["issued"] == {"date-parts": [[2025, 2, 3]]}
    assert record["version"] == head[:12]
    today = date.today()
    assert record["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert main(["--root", str(small_kb), "cite", "steering-works"]) == 0
    bibtex = capsys.readouterr().out
    assert "date = {2024-05-06}" in bibtex and f"version {head[:12]}" in bibtex
    assert "url = {https://kb.example.org/claims/steering-works/}" in bibtex


def test_entry_page_shows_last_update_and_three_citation_formats(small_kb):
    head = _repository(small_kb)
    site = build_site(small_kb)
    html = (site / "claims" / "steering-fails" / "index.html").read_text(encoding="utf-8")
    assert "Last updated <time>2025-02-03</time>" in html
    cite = html[html.index('id="cite"') :]
    assert '<pre class="kb-cite-bibtex">' in cite and "date = {2025-02-03}" in cite
    assert '<pre class="kb-cite-csl-json">' in cite
    assert '"version": "' + head[:12] in html_lib.unescape(cite)
    assert '<pre class="kb-cite-text">' in cite
    assert '"dateModified":"2025-02-03"' in html


def test_outside_git_citations_leave_the_version_out(small_kb, capsys):
    assert main(["--root", str(small_kb), "cite", "steering-works", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "version" not in out and "last changed" not in out
