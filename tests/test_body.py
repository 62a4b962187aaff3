"""Entry bodies render as safe HTML with numbered citations and resolved cross-links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from helpers_engine import claim, run_kb, write_kb
from markdown_it.renderer import RendererHTML

from kb.addresses import link_problem, relative_url
from kb.load.body import read_body
from kb.render.body import BodyContext, in_text_names, make_markdown, render_body


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

    references = graph.references["x-entry"]
    context = BodyContext(
        {r.work.slug: r.number for r in references},
        link_for,
        {r.work.slug: in_text_names(r.work.authors) for r in references},
    )
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


# ---- the syntax added to bodies, and what a hostile body cannot do with it ------------------

ALLOWED_TAGS = {
    "p", "a", "em", "strong", "code", "pre", "span", "div", "details", "summary", "sup", "hr",
    "ol", "ul", "li", "label", "input", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
    "thead", "tbody", "tr", "th", "td", "s", "br", "math", "mrow", "mi", "mn", "mo", "msub",
    "msup", "mfrac", "munder", "mover", "msqrt", "mtext", "mstyle", "mspace",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "href", "class", "id", "title", "open", "type", "disabled", "checked", "xmlns", "display",
    "value", "style", "mathvariant", "stretchy", "fence", "lspace", "rspace", "linebreak",
}  # fmt: skip
HOSTILE_BODIES = [
    '!!! note" onclick="alert(1)\n    x',
    '!!! note "<img src=x onerror=alert(1)>"\n    x',
    "??? <script>\n    x",
    "> [!NOTE]\n> <script>alert(1)</script>",
    "Note.[^<b>x</b>]\n\n[^<b>x</b>]: <i>html</i>",
    "# <script>alert(1)</script> heading\n\n## \"quoted\" 'id' onmouseover=x",
    "$\\text{<script>alert(1)</script>}$ and $\\href{javascript:alert(1)}{x}$",
    "$$\\style{background:url(https://tracker.example/x)}{x}$$",
    "$\\class{x}{y}$ $\\unicode{x}$",
    "- [x] <b onclick=x>task</b>\n- [ ] [t](javascript:alert(1))",
    "[x](javascript:alert(1)) [y](//evil.example/) [z](data:text/html,x) <vbscript:x>",
    "![alt <b>](https://tracker.example/pixel.png)",
    '[[x-entry|<script>alert(1)</script>]] [[x-entry#"><script>]]',
    "[see <b>@doe2021widgets</b>, p. <i>4</i>] @doe2021widgets [p. <script>]",
    "| a | b |\n|---|---|\n| <script> | [x](javascript:y) |",
]


class _Checked(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES or name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "href" and link_problem(value or ""):
                self.problems.append(f"href={value}")
            if name == "style" and tag != "input":
                self.problems.append(f"style on {tag}")


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_no_syntax_lets_a_body_add_tags_attributes_or_unsafe_links(tmp_path, body):
    html = render(tmp_path, body)
    checked = _Checked()
    checked.feed(html)
    assert checked.problems == [], html
    assert "<script" not in html.lower()


def test_footnotes_are_numbered_with_back_links_as_material_styles_them(tmp_path):
    html = render(tmp_path, "One.[^b] Two.[^a] Again.[^b]\n\n[^a]: Note A.\n[^b]: Note B.")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup>' in html
    assert '<sup id="fnref:1:2"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    notes = html[html.index('<div class="footnote">') :]
    assert notes.index('<li id="fn:1">') < notes.index("Note B") < notes.index("Note A")
    assert 'class="footnote-backref" href="#fnref:1"' in notes
    assert 'class="footnote-backref" href="#fnref:1:2"' in notes


def test_admonitions_and_alerts_carry_materials_classes(tmp_path):
    html = render(
        tmp_path,
        '!!! warning "Mind the gap"\n    Text.\n\n??? tip\n    Hidden.\n\n???+ example "Open"\n'
        "    Shown.\n\n> [!CAUTION]\n> Careful.",
    )
    assert '<div class="admonition warning">\n<p class="admonition-title">Mind the gap</p>' in html
    assert '<details class="tip">\n<summary>Tip</summary>\n<p>Hidden.</p>\n</details>' in html
    assert '<details class="example" open="">\n<summary>Open</summary>' in html
    assert '<div class="admonition caution">\n<p class="admonition-title">Caution</p>' in html
    assert "<p>Careful.</p>" in html and "[!CAUTION]" not in html


def test_an_alert_after_an_empty_quote_is_the_alert_and_the_quote_stays_a_quote(tmp_path):
    # Two quotes end in alike closing tokens: the alert's must be told from the empty one's.
    html = render(tmp_path, ">\n\n> [!NOTE]\n> Said.\n\n> [!TIP]\n\n>")
    assert html.count("<blockquote>") == 2 and html.count("</blockquote>") == 2
    assert '<div class="admonition note">\n<p class="admonition-title">Note</p>' in html
    assert '<div class="admonition tip">\n<p class="admonition-title">Tip</p>' in html
    assert html.count("</div>") == 2 and "<p>Said.</p>" in html


def test_task_lists_render_as_labelled_disabled_checkboxes(tmp_path):
    html = render(tmp_path, "- [x] done\n- [ ] to do")
    assert '<li class="task-list-item"><label><input class="task-list-item-checkbox" ' in html
    assert 'checked="checked" disabled="disabled" type="checkbox"> done</label></li>' in html


def test_headings_get_ids_and_cross_links_may_name_them(tmp_path):
    html = render(
        tmp_path,
        "## The evidence\n\nSee [[other-entry#why-it-holds|why]] and [[other-entry#map]].",
        **{"other-entry": claim("other-entry", body="## Why it holds\n\nText.")},
    )
    assert '<h2 id="the-evidence">The evidence</h2>' in html
    assert hrefs(html) == [
        "../../claims/other-entry/#why-it-holds",
        "../../claims/other-entry/#map",
    ]


def test_math_becomes_mathml_that_parses_as_xml(tmp_path):
    html = render(tmp_path, "Odds $p = 0.6$.\n\n$$\\sum_i p_i = 1.65$$")
    formulas = re.findall(r"<math .*?</math>", html, re.DOTALL)
    assert len(formulas) == 2
    inline, display = (ET.fromstring(f) for f in formulas)
    mathml = "{http://www.w3.org/1998/Math/MathML}"
    assert inline.tag == f"{mathml}math" and inline.get("display") == "inline"
    assert [e.text for e in inline.iter() if e.text] == ["p", "=", "0.6"]
    assert display.get("display") == "block"
    assert display.find(f".//{mathml}msub") is not None
    assert '<div class="kb-math kb-math-display">' in html


def test_dollar_amounts_are_not_math(tmp_path):
    html = render(tmp_path, "It cost $5 and then $10.")
    assert "<math" not in html and "$5 and then $10" in html


def test_refused_links_and_images_render_as_their_text(tmp_path):
    html = render(tmp_path, "[click me](javascript:alert(1)) ![a chart](https://x.example/c.png)")
    assert hrefs(html) == [] and "click me" in html and "a chart" in html


def test_in_text_citation_of_an_unknown_key_stays_as_written(tmp_path):
    html = render(tmp_path, "Ask @someone [p. 3] or @doe2021widgets.")
    assert "Ask @someone [p. 3] or " in html
    assert 'Doe [<a href="#ref-1">1</a>]' in html


def test_markdown_it_writes_every_tag_of_a_body_with_its_own_rules():
    # The project's tokens are rewritten into generic ones before rendering: no rule of ours
    # (or of a plugin's) writes HTML, so every attribute value and text is escaped by one writer.
    assert make_markdown().renderer.rules.keys() == RendererHTML().rules.keys()
    html = make_markdown().render("!!! note\n    A [[x]] and [@y] and $a$.[^1]\n\n[^1]: n", {})
    assert '<div class="admonition note">' in html and "<math " in html and "[y]" in html


def test_a_body_renders_from_its_checked_parse_and_leaves_it_unchanged(tmp_path):
    body = (
        "See [[y-entry]] and @doe2020.[^a] $x^2$\n\n!!! note\n    Inside [see @doe2020, p. 4].\n\n"
        "[^a]: A note with [[y-entry|a label]]."
    )
    contents = {
        "claims/x-entry.md": claim("x-entry", body=body),
        "claims/y-entry.md": claim("y-entry"),
    }
    graph = run_kb(write_kb(tmp_path, contents)).graph
    entry = graph.entries["x-entry"]
    assert entry.tokens  # the check's parse, kept
    kept = [(t.type, t.content, [c.type for c in t.children or []]) for t in entry.tokens]
    context = BodyContext({}, lambda target: ("../y-entry/", "Y"))
    md = make_markdown()
    first = render_body(md, entry, context)
    assert render_body(md, entry, context) == first  # as the live preview renders it again
    assert [(t.type, t.content, [c.type for c in t.children or []]) for t in entry.tokens] == kept
    assert md.render(entry.body, {"kb": context}) == first  # as a fresh parse renders it
    assert 'class="kb-xref"' in first and "<math" in first


def test_a_hidden_character_in_a_body_is_reported_where_it_stands_and_tabs_are_not():
    text = "Plain text.\n\n```\ncolumn\tcolumn\n```\n\nThen an escape: \x1b[2J, and more."
    _, problems = read_body(text, "content/claims/x.md", 7)
    (problem,) = [p for p in problems if p.code == "control-character"]
    assert (problem.position.line, problem.position.col) == (13, 17)
    assert "the body holds the character U+001B" in problem.message
    _, problems = read_body(text.replace("\x1b", ""), "content/claims/x.md", 7)
    assert [p.code for p in problems] == []
