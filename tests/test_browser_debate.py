"""In a real browser: the held-out debate (tests/fixtures/debate) with people, forecast sets and
cruxes, built with real MkDocs, served over HTTP and read in Debian's Chromium, with the same
gates as tests/test_browser.py (no other host, no JavaScript error, no serious accessibility
violation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, build_site, copy_tree
from playwright.sync_api import expect
from test_browser import DESKTOP, THEME_DEFECTS, Reader, axe, chromium, heading, serve

__all__ = ["axe", "chromium"]  # fixtures shared with tests/test_browser.py


@pytest.fixture(scope="module")
def debate_url(tmp_path_factory) -> Iterator[str]:
    site: Path = build_site(copy_tree(FIXTURES / "debate", tmp_path_factory.mktemp("debate")))
    with serve(site) as url:
        yield url


@pytest.fixture
def reader(chromium, debate_url) -> Iterator[Reader]:
    opened = Reader(chromium, debate_url, DESKTOP)
    yield opened
    assert not opened.foreign and not opened.errors, opened.foreign + opened.errors
    opened.close()


def test_a_persons_page_lists_positions_and_forecasts(reader):
    reader.goto("people/stephen-casper/")
    expect(heading(reader.page)).to_have_text("Stephen Casper")
    positions = reader.page.locator("#positions")
    expect(
        positions.get_by_role("link", name="Steering does not show that SAEs are competitive")
    ).to_be_visible()
    expect(positions.get_by_text("80%")).to_be_visible()
    forecasts = reader.page.locator("#forecasts")
    forecasts.get_by_role(
        "link", name="What the next big paper on sparse autoencoders will do"
    ).click()
    expect(heading(reader.page)).to_have_text(
        "What the next big paper on sparse autoencoders will do"
    )


def test_a_forecast_set_shows_its_scores_and_its_chart(reader):
    reader.goto("forecasts/next-sae-paper/")
    scores = reader.page.locator("#scores")
    expect(scores.get_by_text("+1.35", exact=False)).to_be_visible()
    chart = reader.page.get_by_role(
        "img", name="Calibration: What the next big paper on sparse autoencoders will do"
    )
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 150 and box["height"] > 150
    expect(reader.page.locator(".kb-calibration-point")).to_have_count(3)
    table = reader.page.locator("table.kb-calibration-table")
    expect(table.locator("tbody tr")).to_have_count(3)


def test_a_questions_cruxes_link_to_the_sub_question(reader):
    reader.goto("questions/are-saes-useful/")
    cruxes = reader.page.locator("#cruxes")
    expect(cruxes.get_by_role("heading", name="Where they part ways")).to_be_visible()
    cruxes.get_by_role(
        "link", name="Has SAE editing been compared with other editing methods?"
    ).click()
    expect(heading(reader.page)).to_have_text(
        "Has SAE editing been compared with other editing methods?"
    )


@pytest.mark.parametrize(
    "path", ["people/stephen-casper/", "forecasts/next-sae-paper/", "questions/are-saes-useful/"]
)
def test_no_serious_accessibility_violation(reader, axe, path):
    reader.goto(path)
    expect(heading(reader.page)).to_be_visible()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe.run(reader.page).response["violations"]
        if v["impact"] in ("serious", "critical")
        and any((v["id"], " ".join(map(str, n["target"]))) not in THEME_DEFECTS for n in v["nodes"])
    ]
    assert not serious
