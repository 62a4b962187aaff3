"""Entries whose support has fallen away: withdrawn supporters and retracted works."""

from __future__ import annotations

from helpers_engine import BIB, claim, run_kb, with_code, write_kb

from kb.render.site import build_site

RETRACTED_BIB = (
    BIB
    + r"""
@article{smith2020flawed,
  title = {A Flawed Study},
  author = {Smith, Ann},
  journal = {Journal of Examples},
  year = {2020},
  retracted = {2021-03-01, retracted by the journal}
}

@article{jones2020sound,
  title = {A Sound Study},
  author = {Jones, Bob},
  journal = {Journal of Examples},
  year = {2020},
  retracted = {false}
}
"""
)


def _page(result, entry_id: str) -> str:
    (page,) = [f.page for f in build_site(result) if f.path == f"claims/{entry_id}.md"]
    return page.html


def test_entry_supported_by_a_withdrawn_entry_is_flagged(tmp_path):
    files = {
        "claims/main-claim.md": claim("main-claim"),
        "claims/old-support.md": claim(
            "old-support", supports="[main-claim]", status="withdrawn", superseded_by="new-support"
        ),
        "claims/new-support.md": claim("new-support"),
    }
    result = run_kb(write_kb(tmp_path, files, bib=RETRACTED_BIB))
    (warning,) = with_code(result.diagnostics, "relies-on-withdrawn")
    assert warning.position.path == "content/claims/main-claim.md"
    assert "'old-support', which is withdrawn" in warning.message
    assert result.ok  # a warning, not an error
    html = _page(result, "main-claim")
    assert "Support has fallen away" in html and "../../claims/old-support/" in html


def test_entries_citing_a_retracted_work_are_flagged(tmp_path):
    files = {
        "claims/cites-flawed.md": claim("cites-flawed", body="As shown [@smith2020flawed]."),
        "claims/cites-sound.md": claim("cites-sound", body="As shown [@jones2020sound]."),
    }
    result = run_kb(write_kb(tmp_path, files, bib=RETRACTED_BIB))
    warnings = with_code(result.diagnostics, "cites-retracted")
    assert [w.position.path for w in warnings] == ["content/claims/cites-flawed.md"]
    assert "2021-03-01, retracted by the journal" in warnings[0].message
    assert "been retracted (2021-03-01, retracted by the journal)" in _page(result, "cites-flawed")
    assert "Support has fallen away" not in _page(result, "cites-sound")
