"""End-to-end: real MkDocs builds of real content trees, checked page by page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_site, result_cards
from mkdocs.exceptions import Abort, PluginError

from kb import pipeline
from kb.model import DEBATE_TYPES
from kb.project import load_project


class _Collector(HTMLParser):
    """Every tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's own content, without the theme's navigation."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def hrefs(html: str) -> list[str]:
    return [a["href"] for tag, a in parse(html).tags if tag == "a" and a.get("href")]


# Addresses


def test_every_entry_has_a_page_at_its_permanent_address(small_site):
    for url in (
        "claims/steering-works",
        "claims/steering-not-competitive",
        "claims/baselines-exist",
        "claims/steering-fails",
        "questions/can-steering-work",
    ):
        assert "<h1" in page(small_site, url)


def test_former_id_redirects_to_the_entry_keeping_the_fragment(small_site):
    html = page(small_site, "claims/old-steering-id")
    assert 'content="0; url=../../claims/steering-works/"' in html
    assert 'location.replace("../../claims/steering-works/" + location.hash)' in html


def test_every_cited_work_has_a_page_under_references_with_lower_case_key(small_site):
    assert "Locating and Editing Factual Associations in GPT" in page(
        small_site, "references/meng2022locating"
    )
    assert "Widgets and Gödel" in page(small_site, "references/doe2021widgets")
    bibliography = article(page(small_site, "references"))
    assert "../references/meng2022locating/" in hrefs(bibliography)
    assert "../references/doe2021widgets/" in hrefs(bibliography)


def test_kb_json_holds_entries_relations_and_references(small_site):
    data = json.loads((small_site / "kb.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    ids = {e["id"] for e in data["entries"]}
    assert ids == {
        "steering-works",
        "steering-not-competitive",
        "baselines-exist",
        "steering-fails",
        "can-steering-work",
    }
    assert {
        "source": "steering-not-competitive",
        "relation": "opposes",
        "target": "steering-works",
    } in data["relations"]
    assert data["aliases"] == {"old-steering-id": "steering-works"}
    works = {w["key"]: w for w in data["references"]}
    assert works["meng2022locating"]["arxiv"] == "2202.05262"
    assert works["doe2021widgets"]["doi"] == "10.1234/example.5678"
    entry = next(e for e in data["entries"] if e["id"] == "steering-works")
    assert entry["url"] == "https://kb.example.org/claims/steering-works/"


# Entry page contents


def test_entry_page_shows_statement_type_and_body_with_numbered_citations(small_site):
    html = article(page(small_site, "claims/steering-works"))
    assert "Identified features enable targeted steering" in html
    assert "Once the relevant features are found" in html
    assert 'kb-badge-claim">Claim<' in html
    assert '[<a href="#ref-1">1</a>, sec. 4]' in html
    assert '[<a href="#ref-2">2</a>; <a href="#ref-1">1</a>, p. 2]' in html


def test_entry_page_lists_counterarguments_with_their_summaries(small_site):
    html = article(page(small_site, "claims/steering-works"))
    section = html[html.index('id="counterarguments"') :]
    section = section[: section.index("</section>")]
    assert "../../claims/steering-not-competitive/" in section
    assert "No comparison with fine-tuning" in section


def test_back_links_are_shown_both_ways(small_site):
    counter = article(page(small_site, "claims/steering-not-competitive"))
    opposes = counter[counter.index('id="opposes"') :]
    assert "../../claims/steering-works/" in opposes[: opposes.index("</section>")]
    supported = counter[counter.index('id="supported-by"') :]
    assert "../../claims/steering-fails/" in supported[: supported.index("</section>")]
    rebutted = counter[counter.index('id="counterarguments"') :]
    assert "../../claims/baselines-exist/" in rebutted[: rebutted.index("</section>")]
    fails = article(page(small_site, "claims/steering-fails"))
    supports = fails[fails.index('id="supports"') :]
    assert "../../claims/steering-not-competitive/" in supports[: supports.index("</section>")]


def test_entry_page_shows_the_questions_it_answers(small_site):
    html = article(page(small_site, "claims/steering-works"))
    answers = html[html.index('id="answers"') :]
    assert "../../questions/can-steering-work/" in answers[: answers.index("</section>")]


def test_references_are_formatted_with_locators_and_links(small_site):
    html = article(page(small_site, "claims/steering-works"))
    refs = html[html.index('id="references"') :]
    refs = refs[: refs.index("</section>")]
    first = refs[refs.index('id="ref-1"') : refs.index('id="ref-2"')]
    assert "Kevin Meng, David Bau" in first and "(2022)" in first
    assert 'href="https://arxiv.org/abs/2202.05262"' in first
    assert 'href="../../references/meng2022locating/"' in first
    assert "sec. 4; p. 2" in first
    second = refs[refs.index('id="ref-2"') :]
    assert 'href="https://doi.org/10.1234/example.5678"' in second


def test_map_draws_the_neighbourhood_with_links_to_each_entry(small_site):
    html = article(page(small_site, "claims/steering-not-competitive"))
    figure = html[html.index('<figure class="kb-map"') : html.index("</figure>")]
    links = set(hrefs(figure))
    assert links == {
        "../../claims/steering-works/",
        "../../claims/steering-fails/",
        "../../claims/baselines-exist/",
    }
    assert "kb-edge-opposes" in figure and "kb-edge-supports" in figure


def test_entry_page_shows_tags_and_a_cite_block_with_the_permanent_address(small_site):
    html = article(page(small_site, "claims/steering-works"))
    assert 'href="../../tags/#tag:steering"' in html
    cite = html[html.index('id="cite"') :]
    assert "@misc{kb-steering-works," in cite
    assert "url = {https://kb.example.org/claims/steering-works/}" in cite


def test_question_page_shows_positions_with_counterarguments_and_rebuttals(small_site):
    html = article(page(small_site, "questions/can-steering-work"))
    debate = html[html.index('class="kb-debate"') :]
    position = debate.index("../../claims/steering-works/")
    counter = debate.index("../../claims/steering-not-competitive/", position)
    rebuttal = debate.index("../../claims/baselines-exist/", counter)
    assert position < counter < rebuttal
    assert "countered by" in debate and "../../claims/steering-fails/" in debate


def test_work_page_lists_citing_entries_grouped_by_relation(small_site):
    html = article(page(small_site, "references/doe2021widgets"))
    disputes = html[html.index('id="disputes"') : html.index('id="background"')]
    assert "../../claims/steering-not-competitive/" in disputes
    assert "../../claims/steering-works/" not in disputes
    background = html[html.index('id="background"') :]
    assert "../../claims/steering-works/" in background
    assert "../../claims/steering-fails/" in background


def test_home_page_lists_questions_counts_and_resolves_cross_links(small_site):
    html = article((small_site / "index.html").read_text(encoding="utf-8"))
    assert 'href="claims/steering-works/"' in html  # [[steering-works]] in the hand-written page
    assert "1 questions, 2 claims, 2 counterarguments, 2 cited works." in html
    assert 'href="questions/can-steering-work/"' in html
    assert 'href="tags/#tag:interpretability"' in html


def test_browse_pages_list_every_entry(small_site):
    claims = article(page(small_site, "claims"))
    for entry_id in (
        "steering-works",
        "steering-fails",
        "steering-not-competitive",
        "baselines-exist",
    ):
        assert f'href="../claims/{entry_id}/"' in claims
    assert 'href="../questions/can-steering-work/"' in article(page(small_site, "questions"))


def test_tags_page_lists_entries_by_tag(small_site):
    html = article(page(small_site, "tags"))
    assert "interpretability" in html and "../claims/steering-works/" in html


# Navigation, search and self-containment


def test_navigation_lists_sections_never_entries(small_site):
    nav = page(small_site, "claims/steering-works")
    nav = nav[nav.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "Questions" in nav and "References" in nav
    assert "steering-not-competitive" not in nav


def test_search_results_show_an_entrys_own_title_and_statement(small_site):
    card = result_cards(small_site)["claims/steering-works/"]
    assert card == {
        "url": "claims/steering-works/",
        "title": "Identified features enable targeted steering",
        "kind": "Claim",
        "statement": "Once the relevant features are found, they can be used to steer the model.",
    }


def test_search_index_has_entries_works_and_hand_written_pages_not_lists(small_site):
    cards = result_cards(small_site)
    assert {"claims/steering-works/", "questions/can-steering-work/", ""} <= set(cards)
    assert not {"claims/", "questions/", "references/"} & set(cards)
    assert cards[""]["title"] == "Small KB"  # the home page, by its heading
    work = cards["references/meng2022locating/"]
    assert "Locating and Editing" in work["title"] and work["kind"] == "Reference"
    assert not (small_site / "search" / "search_index.json").exists()  # no lunr index


def test_site_requests_nothing_from_other_hosts(small_site):
    for file in small_site.rglob("*.html"):
        for tag, attrs in parse(file.read_text(encoding="utf-8")).tags:
            for name in ("src", "href", "data", "poster"):
                value = attrs.get(name) or ""
                if tag == "a" or (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                    continue  # an address, not a request the page makes
                assert not re.match(r"^(https?:)?//", value), f"{file}: <{tag} {name}={value}>"
    for css in small_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


# Failing builds


def test_build_with_an_error_publishes_nothing(small_kb):
    broken = small_kb / "content" / "claims" / "broken.md"
    broken.write_text(
        "---\nid: broken\ntype: claim\ntitle: Broken\nsummary: S\nsupports: [no-such-entry]\n---\n",
        encoding="utf-8",
    )
    site = small_kb / "site"
    with pytest.raises((Abort, PluginError)):
        build_site(small_kb, site)
    assert not site.exists() or not any(site.iterdir())


def test_rebuild_after_an_edit_shows_the_change(small_kb):
    site = build_site(small_kb)
    entry = small_kb / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "Steering with features fails outside chosen examples",
            "Steering fails off-distribution",
        ),
        encoding="utf-8",
    )
    build_site(small_kb, site)
    assert "Steering fails off-distribution" in page(site, "claims/steering-fails")


# The shipped knowledge base


def test_shipped_knowledge_base_passes_the_check():
    result = pipeline.run(load_project(Path(__file__).resolve().parent.parent))
    assert [d.as_text() for d in result.diagnostics if d.is_error] == []
    assert result.graph.by_type("question"), "the shipped knowledge base has questions"


def test_shipped_site_has_a_page_for_every_entry_and_work(shipped_site):
    result = pipeline.run(load_project(Path(__file__).resolve().parent.parent))
    for entry in result.graph.entries.values():
        html = page(shipped_site, entry.url)
        assert entry.title.split()[0] in html
        # People and forecast sets take part in no relation, so their pages draw no map.
        assert ('id="map"' in html) == (entry.type in DEBATE_TYPES)
        if entry.type in ("person", "organisation"):
            # Not argued for or against, but every position they hold is listed.
            assert 'id="positions"' in html
            for held in result.graph.entries.values():
                if any(a.who == entry.id for a in held.held_by):
                    assert held.url.strip("/").split("/")[-1] in html
    for work in result.graph.works.values():
        assert (shipped_site / "references" / work.slug / "index.html").is_file()
    data = json.loads((shipped_site / "kb.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == len(result.graph.entries)


def test_hostile_title_summary_and_body_are_escaped_everywhere(small_kb):
    (small_kb / "content" / "claims" / "steering-fails.md").write_text(
        "---\n"
        "id: steering-fails\n"
        "type: claim\n"
        'title: "</title><script>alert(1)</script> & <b onmouseover=x>"\n'
        'summary: "\\"><script>alert(2)</script>"\n'
        "answers: [can-steering-work]\n"
        'sources: [{key: doe2021widgets, locator: "<script>alert(5)</script>"}]\n'
        "---\n"
        # (A javascript: link fails the check: tests/corpus/unsafe-body-link.md.)
        "<script>alert(3)</script> [x](https://example.org/) [[steering-works|<i onclick=y>]]\n",
        encoding="utf-8",
    )
    site = build_site(small_kb)
    page_html = page(site, "claims/steering-fails")
    assert "&lt;/title&gt;&lt;script&gt;alert(1)" in page_html  # shown, as text
    assert "&lt;script&gt;alert(5)" in page_html
    for file in site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, file
        assert "<b onmouseover" not in html and "<i onclick" not in html, file
        assert 'href="javascript:' not in html, file
    # The index holds words as plain text (the search box shows them as text nodes).
    record = result_cards(site)["claims/steering-fails/"]["title"]
    assert record.startswith("</title><script>alert(1)")
    assert "<script>alert" not in (site / "kb.json").read_text(encoding="utf-8")


def test_diagnostics_reference_documents_every_code(small_site):
    from kb.check.codes import RULES

    html = article(page(small_site, "diagnostics"))
    for code, rule in RULES.items():
        assert f'id="{code}"' in html
        assert rule.summary.replace("`", "<code>", 1).split("`")[0] in html.replace("&amp;", "&")


def test_argument_status_is_shown_on_entries_questions_and_the_map(small_site):
    counter = article(page(small_site, "claims/steering-not-competitive"))
    kind = counter[counter.index('class="kb-kind"') :]
    assert 'kb-status-contested"' in kind[: kind.index("</p>")]
    figure = counter[counter.index('<figure class="kb-map"') : counter.index("</figure>")]
    assert "opposes this · standing" in figure  # baselines-exist, the rebuttal
    assert "Counterargument · contested" in figure
    question = article(page(small_site, "questions/can-steering-work"))
    assert "2 positions: 2 standing." in question


def test_open_counterarguments_page_lists_unanswered_standing_counterarguments(small_site):
    html = article(page(small_site, "open-counterarguments"))
    assert '<li><a href="../claims/baselines-exist/"' in html
    assert '<li><a href="../claims/steering-not-competitive/"' not in html  # it has a rebuttal
    assert "Opposes: <a" in html


def _json_ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_entry_pages_carry_schema_org_json_ld(small_site):
    data = _json_ld(page(small_site, "claims/steering-works"))
    assert data["@type"] == "Claim"
    assert data["url"] == "https://kb.example.org/claims/steering-works/"
    assert data["name"] == "Identified features enable targeted steering"
    assert data["text"].startswith("Once the relevant features are found")
    assert [c["name"] for c in data["citation"]] == [
        "Locating and Editing Factual Associations in GPT",
        "Widgets and Gödel",
    ]
    assert data["citation"][0]["url"] == "https://arxiv.org/abs/2202.05262"
    assert _json_ld(page(small_site, "questions/can-steering-work"))["@type"] == "Question"


def test_kb_json_validates_against_the_schema_published_beside_it(small_site):
    from jsonschema import Draft202012Validator

    schema = json.loads((small_site / "schema" / "kb.json").read_text(encoding="utf-8"))
    document = json.loads((small_site / "kb.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    status = {e["id"]: e["argument_status"] for e in document["entries"]}
    assert status["steering-not-competitive"] == "contested"
    assert status["can-steering-work"] is None
