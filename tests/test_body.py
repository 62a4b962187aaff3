"""Entry bodies render as safe HTML with numbered citations and resolved cross-links."""

from __future__ import annotations

from html.parser import HTMLParser

from helpers_engine import claim, run_kb, write_kb

from kb.addresses import relative_url
from kb.render.body import BodyContext, make_markdown, render_body


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def hrefs(html: str) -> list[str]:
    return [attrs["href"] for tag, attrs in tags(html) if tag == "a"]


def render(tmp_path, body: str, **files: str) -> str:
    """The HTML of the body of entry `x-entry`, rendered as on its page."""
    contents = {"claims/x-entry.md": claim("x-entry", body=body)}
    contents.update({f"claims/{name}.md": text for name, text in files.items()})
    graph = run_kb(write_kb(tmp_path, contents)).graph
    entry = graph.entries["x-entry"]
    here = entry.url

    def link_for(target: str):
        found = graph.resolve(target)
        return None if found is None else (relative_url(here, found.url), found.title)

    context = BodyContext({r.work.slug: r.number for r in graph.references["x-entry"]}, link_for)
    return render_body(make_markdown(), entry, context)


def test_raw_html_is_shown_as_text_not_rendered(tmp_path):
    html = render(
        tmp_path, '<script>alert(1)</script> and <b onclick="x()">bold</b>\n\n<div>a block</div>'
    )
    assert [tag for tag, _ in tags(html)] == ["p", "p"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;div&gt;" in html


def test_script_urls_are_not_live_links(tmp_path):
    html = render(
        tmp_path,
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) "
        "[c](vbscript:msgbox(1)) [d](data:text/html;base64,PHNjcmlwdD4=) "
        "<javascript:alert(1)>\n\n[e][r]\n\n[r]: javascript:alert(2)",
    )
    for href in hrefs(html):
        assert not href.lower().lstrip().startswith(("javascript:", "vbscript:", "data:"))


def test_ordinary_links_stay_live(tmp_path):
    html = render(tmp_path, "[a site](https://example.org/page)")
    assert hrefs(html) == ["https://example.org/page"]


def test_images_are_not_rendered(tmp_path):
    html = render(tmp_path, "![a chart](https://tracker.example/pixel.png)")
    assert "<img" not in html
    assert all(tag != "img" for tag, _ in tags(html))


def test_citations_render_as_numbered_links_with_locators(tmp_path):
    html = render(
        tmp_path, "First [@roe2023gadgets, p. 4]; both [@doe2021widgets; @roe2023gadgets]."
    )
    assert '<span class="kb-cite">[<a href="#ref-1">1</a>, p. 4]</span>' in html
    assert '<span class="kb-cite">[<a href="#ref-2">2</a>; <a href="#ref-1">1</a>]</span>' in html


def test_locator_text_is_escaped(tmp_path):
    html = render(tmp_path, "[@doe2021widgets, p. <4>]")
    assert "p. &lt;4&gt;" in html
    assert "<4>" not in html


def test_unknown_citation_is_shown_as_its_key_without_a_link(tmp_path):
    html = render(tmp_path, "[@no-such-work]")
    assert "[no-such-work]" in html
    assert hrefs(html) == []


def test_cross_links_become_relative_links_to_the_entry_page(tmp_path):
    html = render(
        tmp_path,
        "See [[other-entry]] and [[old-other|the objection]].",
        **{"other-entry": claim("other-entry", title="Other <title>", aliases="[old-other]")},
    )
    assert hrefs(html) == ["../../claims/other-entry/", "../../claims/other-entry/"]
    assert ">Other &lt;title&gt;</a>" in html
    assert ">the objection</a>" in html


def test_unknown_cross_link_is_plain_text(tmp_path):
    html = render(tmp_path, "See [[nowhere-entry|somewhere]].")
    assert hrefs(html) == []
    assert "somewhere" in html


def test_citation_in_a_code_span_is_code_not_a_link(tmp_path):
    html = render(tmp_path, "Write `[@doe2021widgets]` to cite.")
    assert "<code>[@doe2021widgets]</code>" in html
    assert hrefs(html) == []


def test_empty_body_renders_nothing(tmp_path):
    assert render(tmp_path, "") == ""


UNSAFE_LINKS = [
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x]( vbscript:msgbox)",
    "[a]: javascript:alert(1)\n\n[x][a]",
    "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
]


def test_disguised_script_urls_never_become_links():
    md = make_markdown()
    for source in UNSAFE_LINKS:
        html = md.render(source, {"kb": None})
        hrefs = [
            value
            for tag, attrs in _tags(html)
            if tag == "a"
            for name, value in attrs
            if name == "href"
        ]
        assert hrefs == [], (source, html)


def _tags(html: str) -> list[tuple[str, list]]:
    found: list[tuple[str, list]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_citations_and_cross_links_may_wrap_onto_the_next_line(tmp_path):
    html = render(
        tmp_path,
        "Wrapped [@roe2023gadgets,\np. 4] and [[other-entry|the\nobjection]].",
        **{"other-entry": claim("other-entry")},
    )
    assert '<span class="kb-cite">[<a href="#ref-1">1</a>, p. 4]</span>' in html
    assert '<a class="kb-xref" href="../../claims/other-entry/">the objection</a>' in html
