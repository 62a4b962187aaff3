"""Pandoc's citation syntax, form by form as its manual ("Citation syntax") gives them, through a
real strict build: each paragraph of the entry's body is checked against the HTML it must become,
and the citations feed the page's numbered references and each work's "cited by".

The grammar itself (keys, locators) is tested on strings at the end."""

from __future__ import annotations

import re

import pytest
from conftest import build_site
from helpers_engine import claim, run_kb, write_kb

from kb.load.body import read_body
from kb.load.citations import locator, match_key

BIB = r"""
@book{doe99, title = {Frogs}, author = {Doe, John}, year = {1999}}
@article{smith2000, title = {Flies}, author = {Smith, Susan}, year = {2000}}
@article{smith2004, title = {Bees}, author = {Smith, Susan}, year = {2004}}
@book{smith04, title = {Ants}, author = {Smith, Susan and Roe, Jenny}, year = {2004}}
@book{smith, title = {Wasps}, author = {Smith, Susan and Roe, Jenny and Poe, Ed}, year = {2005}}
@misc{Foo_bar.baz, title = {Undotted}, author = {Bar, Foo}, year = {2001}}
@misc{Foo_bar.baz., title = {Dotted}, author = {Bar, Foo}, year = {2001}}
@misc{Foo_bar, title = {Short}, author = {Bar, Foo}, year = {2002}}
@misc{https://example.com/bib, title = {A URL as key}, author = {Web, Wanda}, year = {2000}}
@misc{пункт3, title = {Why water is wet}, author = {Doe, John and Roe, Jenny}, year = {2007}}
"""

# (the paragraph as written, the HTML it must become); numbers follow the order of first citation.
FORMS = [
    (
        "Blah blah [@doe99; @smith2000; @smith2004].",
        'Blah blah <span class="kb-cite">[<a href="#ref-1">1</a>; <a href="#ref-2">2</a>; '
        '<a href="#ref-3">3</a>]</span>.',
    ),
    (
        "Blah blah [see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1].",
        'Blah blah <span class="kb-cite">[see <a href="#ref-1">1</a>, pp. 33-35 and '
        '<em>passim</em>; <a href="#ref-4">4</a>, chap. 1]</span>.',
    ),
    (
        "Blah blah [see @doe99, pp. 33-35; also @smith04, chap. 1].",
        'Blah blah <span class="kb-cite">[see <a href="#ref-1">1</a>, pp. 33-35; also '
        '<a href="#ref-4">4</a>, chap. 1]</span>.',
    ),
    (
        "Blah blah [@doe99, pp. 33-35, 38-39 and *passim*].",
        'Blah blah <span class="kb-cite">[<a href="#ref-1">1</a>, pp. 33-35, 38-39 and '
        "<em>passim</em>]</span>.",
    ),
    (
        "Blah blah [@smith04; @doe99].",
        'Blah blah <span class="kb-cite">[<a href="#ref-4">4</a>; <a href="#ref-1">1</a>]</span>.',
    ),
    (
        "In @Foo_bar.baz. the key ends before the final period.",
        'In <span class="kb-cite kb-cite-in-text">Bar [<a href="#ref-5">5</a>]</span>. the key '
        "ends before the final period.",
    ),
    (
        "In @{Foo_bar.baz.} braces keep it.",
        'In <span class="kb-cite kb-cite-in-text">Bar [<a href="#ref-6">6</a>]</span> braces '
        "keep it.",
    ),
    (
        "In @Foo_bar--baz repeated punctuation ends it.",
        'In <span class="kb-cite kb-cite-in-text">Bar [<a href="#ref-7">7</a>]</span>--baz '
        "repeated punctuation ends it.",
    ),
    (
        "A URL as key [@{https://example.com/bib}, p. 33].",
        'A URL as key <span class="kb-cite">[<a href="#ref-8">8</a>, p. 33]</span>.',
    ),
    (
        "[@smith{ii, A, D-Z}, with a suffix]",
        '<span class="kb-cite">[<a href="#ref-9">9</a>, ii, A, D-Z, with a suffix]</span>',
    ),
    (
        "[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]",
        '<span class="kb-cite">[<a href="#ref-9">9</a>, pp. iv, vi-xi, (xv)-(xvii) with suffix '
        "here]</span>",
    ),
    (
        "[@smith{}, 99 years later]",
        '<span class="kb-cite">[<a href="#ref-9">9</a>, 99 years later]</span>',
    ),
    (
        "Smith says blah [-@smith04].",
        'Smith says blah <span class="kb-cite">[<a href="#ref-4">4</a>]</span>.',
    ),
    (
        "@smith04 says blah.",
        '<span class="kb-cite kb-cite-in-text">Smith and Roe [<a href="#ref-4">4</a>]</span> '
        "says blah.",
    ),
    (
        "@smith04 [p. 33] says blah.",
        '<span class="kb-cite kb-cite-in-text">Smith and Roe [<a href="#ref-4">4</a>, p. 33]'
        "</span> says blah.",
    ),
    (
        "@smith [p. 30, with suffix] says blah.",
        '<span class="kb-cite kb-cite-in-text">Smith et al. [<a href="#ref-9">9</a>, p. 30, '
        "with suffix]</span> says blah.",
    ),
    (
        "@doe99 [-@smith04 p. 30; see also @пункт3] says blah.",
        '<span class="kb-cite kb-cite-in-text">Doe [<a href="#ref-1">1</a>]</span> '
        '<span class="kb-cite">[<a href="#ref-4">4</a>, p. 30; see also '
        '<a href="#ref-10">10</a>]</span> says blah.',
    ),
    (
        "A citation group [see @doe99 chap. 3; also @пункт3 p. 34-35].",
        'A citation group <span class="kb-cite">[see <a href="#ref-1">1</a>, chap. 3; also '
        '<a href="#ref-10">10</a>, p. 34-35]</span>.',
    ),
    (
        "Citation with a suffix and locator [@doe99 pp. 33, 35-37, and nowhere else].",
        'Citation with a suffix and locator <span class="kb-cite">[<a href="#ref-1">1</a>, '
        "pp. 33, 35-37, and nowhere else]</span>.",
    ),
    (
        "Citation with suffix only [@doe99 and nowhere else].",
        'Citation with suffix only <span class="kb-cite">[<a href="#ref-1">1</a> and nowhere '
        "else]</span>.",
    ),
    (
        "With some markup [*see* @doe99 p. **32**].",
        'With some markup <span class="kb-cite">[<em>see</em> <a href="#ref-1">1</a>, p. '
        "<strong>32</strong>]</span>.",
    ),
    (
        "Write to someone@example.org or [someone@example.org]: not citations.",
        "Write to someone@example.org or [someone@example.org]: not citations.",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    body = "\n\n".join(source for source, _ in FORMS)
    root = write_kb(
        tmp_path_factory.mktemp("citations"),
        {
            "claims/x-entry.md": claim("x-entry", body=body),
            "claims/other-entry.md": claim("other-entry", body="Cites [@doe99, p. 1]."),
        },
        bib=BIB,
    )
    site = build_site(root)
    return (site / "claims/x-entry/index.html").read_text(encoding="utf-8"), site


def body_paragraphs(html: str) -> list[str]:
    body = html[html.index('<div class="kb-body">') :]
    body = body[: body.index("</div>")]
    return re.findall(r"<p>(.*?)</p>", body, re.DOTALL)


@pytest.mark.parametrize("index", range(len(FORMS)), ids=[s[:40] for s, _ in FORMS])
def test_each_form_of_pandocs_manual_renders_as_numbered_linked_references(built, index):
    html, _ = built
    assert body_paragraphs(html)[index] == FORMS[index][1]


def test_the_check_of_every_form_is_clean(tmp_path):
    body = "\n\n".join(source for source, _ in FORMS)
    result = run_kb(write_kb(tmp_path, {"claims/x-entry.md": claim("x-entry", body=body)}, BIB))
    assert [d.as_text() for d in result.diagnostics if d.severity.value != "info"] == []


def test_every_citation_feeds_the_numbered_references_with_their_locators(built):
    html, _ = built
    references = html[html.index('id="references"') :]
    items = re.findall(r'<li id="ref-(\d+)" value="\d+">(.*?)</li>', references, re.DOTALL)
    assert [number for number, _ in items] == [str(n) for n in range(1, 11)]
    first = items[0][1]
    assert "<cite>" in first and "Frogs" in first
    assert "Cited at pp. 33-35; pp. 33-35, 38-39; chap. 3; pp. 33, 35-37; p. 32" in first
    assert "Cited at ii, A, D-Z; pp. iv, vi-xi, (xv)-(xvii)" in items[8][1]


def test_every_cited_work_lists_the_entry_as_citing_it(built):
    _, site = built
    for page in ("doe99", "smith04", "foo_bar.baz"):
        html = (site / "references" / page / "index.html").read_text(encoding="utf-8")
        assert 'href="../../claims/x-entry/"' in html, page
    doe = (site / "references/doe99/index.html").read_text(encoding="utf-8")
    assert 'href="../../claims/other-entry/"' in doe


# ---- the grammar, on strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("Foo_bar.baz.", "Foo_bar.baz"),
        ("{Foo_bar.baz.}", "Foo_bar.baz."),
        ("Foo_bar--baz", "Foo_bar"),
        ("{https://example.com/bib?name=foobar&date=2000}, p. 33", None),
        ("пункт3 p", "пункт3"),
        ("_under", "_under"),
        ("a:b#c$d%e&f-g+h?i<j>k~l/m.", "a:b#c$d%e&f-g+h?i<j>k~l/m"),
    ],
)
def test_keys_follow_pandocs_grammar(text, key):
    expected = key or "https://example.com/bib?name=foobar&date=2000"
    assert match_key(text, 0, len(text))[0] == expected


def test_the_url_key_of_the_manual_is_read_with_its_locator():
    facts, _ = read_body("[@{https://example.com/bib?name=foobar&date=2000}, p. 33]", "x.md", 1)
    ((item,),) = [c.items for c in facts.citations]
    assert (item.key, item.locator) == ("https://example.com/bib?name=foobar&date=2000", "p. 33")


@pytest.mark.parametrize(
    "suffix, found, rest",
    [
        (", pp. 33-35 and *passim*", "pp. 33-35", " and *passim*"),
        (", chap. 1", "chap. 1", ""),
        (" pp. 33, 35-37, and nowhere else", "pp. 33, 35-37", ", and nowhere else"),
        ("{ii, A, D-Z}, with a suffix", "ii, A, D-Z", ", with a suffix"),
        (", {pp. iv, vi-xi, (xv)-(xvii)} with suffix here", "pp. iv, vi-xi, (xv)-(xvii)", None),
        ("{}, 99 years later", "", ", 99 years later"),
        (", 33", "33", ""),
        (", sec. 5.3.2", "sec. 5.3.2", ""),
        (", Fig. 3", "Fig. 3", ""),
        (", §§ 4-5", "§§ 4-5", ""),
        (", s.v. fish 4", None, None),
        (" and nowhere else", None, None),
        (", pp. iv-vi", "pp. iv-vi", ""),
        (", page 7", "page 7", ""),
    ],
)
def test_locators_are_split_from_suffixes_as_pandoc_does(suffix, found, rest):
    result = locator(suffix)
    if found is None:
        assert result is None
        return
    assert result is not None and result.text == found
    if rest is not None:
        assert suffix[result.rest :] == rest


@pytest.mark.parametrize(
    "body, code, col",
    [
        ("[see @doe99 and @smith04]", "bad-citation", 1),
        ("[@doe99; see above]", "bad-citation", 1),
        ("[@doe99;]", "bad-citation", 1),
        ("Both [@doe99, ch. 2].", "unknown-locator-term", 15),
        ("@doe99 [pg. 3] says", "unknown-locator-term", 9),
    ],
)
def test_malformed_citations_are_located_errors(body, code, col):
    _, problems = read_body(body, "x.md", 5)
    assert [(d.code, d.position.line, d.position.col) for d in problems] == [(code, 5, col)]
