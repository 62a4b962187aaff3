"""Hand-written pages: rendered by the entries' body renderer, with their links resolved."""

from __future__ import annotations

from helpers_engine import claim, run_kb, write_kb

from kb.render.site import build_site

GUIDE = """\
---
title: The guide
description: How to read the knowledge base.
---
# Reading

See [the home page](../index.md), [About](../about.md#scope), [[x-entry]],
[[x-entry|this claim]], [the data](../kb.json), [@doe2021widgets, p. 4] and [a site](https://example.org/).

## Lists

### Of claims

```
<!-- kb:overview -->
[[not-checked-in-code]]
```

## Lists

    <!-- kb:tags -->
"""


def _page(result, path: str):
    (page,) = [f.page for f in build_site(result) if f.path == path]
    return page


def test_a_page_in_a_folder_links_to_pages_entries_works_and_files(tmp_path):
    files = {
        "claims/x-entry.md": claim("x-entry", title="Some <claim>"),
        "index.md": "# Home\n",
        "about.md": "# About\n\n## Scope\n",
        "guide/reading.md": GUIDE,
    }
    result = run_kb(write_kb(tmp_path, files))
    assert [d.as_text() for d in result.diagnostics if d.is_error] == []
    page = _page(result, "guide/reading.md")
    assert page.title == "The guide" and page.description == "How to read the knowledge base."
    html = page.html
    assert 'href="../../"' in html  # ../index.md, from the page at guide/reading/
    assert 'href="../../about/#scope"' in html
    assert '<a class="kb-xref" href="../../claims/x-entry/">Some &lt;claim&gt;</a>' in html
    assert '<a class="kb-xref" href="../../claims/x-entry/">this claim</a>' in html
    assert 'href="../../kb.json"' in html
    assert '<a href="../../references/doe2021widgets/">doe2021widgets</a>, p. 4]' in html
    assert 'href="https://example.org/"' in html
    # Markers and cross-links in code are code.
    assert "&lt;!-- kb:overview --&gt;" in html and "&lt;!-- kb:tags --&gt;" in html
    assert "kb-overview" not in html


def test_headings_get_anchors_and_make_the_table_of_contents(tmp_path):
    result = run_kb(write_kb(tmp_path, {"guide.md": GUIDE.replace("../", "")}))
    page = _page(result, "guide.md")
    assert '<h2 id="lists">' in page.html and '<h2 id="lists-1">' in page.html
    assert '<a class="headerlink" href="#of-claims" title="Permanent link">' in page.html
    (top,) = page.toc
    assert (top.level, top.id, top.text) == (1, "reading", "Reading")
    assert [(h.id, [c.id for c in h.children]) for h in top.children] == [
        ("lists", ["of-claims"]),
        ("lists-1", []),
    ]


def test_fragments_are_rendered_where_a_page_asks_for_them(tmp_path):
    files = {
        "claims/x-entry.md": claim("x-entry", tags="[alpha]"),
        "index.md": "# Home\n\n<!-- kb:overview -->\n",
        "tags.md": "# Tags\n\n<!-- kb:tags -->\n",
    }
    result = run_kb(write_kb(tmp_path, files))
    home = _page(result, "index.md").html
    assert "0 questions, 1 claims, 0 counterarguments, 2 cited works." in home
    assert 'href="tags/#tag:alpha"' in home
    tags = _page(result, "tags.md")
    assert '<h2 id="tag:alpha">alpha</h2>' in tags.html
    assert 'href="../claims/x-entry/"' in tags.html
    assert [c.id for c in tags.toc[0].children] == ["tag:alpha"]
