"""Every internal link and every #fragment in a built site resolves (no browser needed)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

# Attributes that make the browser load or go to another address.
LINK_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("form", "action"),
}
ORIGIN = "http://site.invalid"


class _Page(HTMLParser):
    """A page's link targets and the ids (and <a name>) a fragment can point at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attributes.get(name):
                self.anchors.add(attributes[name])
        for element, attribute in LINK_ATTRIBUTES:
            value = attributes.get(attribute)
            if tag == element and value is not None:
                if tag == "link" and "preconnect" in (attributes.get("rel") or ""):
                    continue
                self.links.append(value)

    handle_startendtag = handle_starttag


def _base_path(site: Path) -> str:
    """The path the site is published under (from site_url), e.g. "/" or "/kb/"."""
    config = site.parent / "mkdocs.yml"
    site_url = yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def broken_links(site: Path) -> list[str]:
    """Every link of every HTML page in `site` whose target file or fragment is missing."""
    base = _base_path(site)
    pages: dict[Path, _Page] = {}

    def parsed(file: Path) -> _Page:
        if file not in pages:
            page = _Page()
            page.feed(file.read_text(encoding="utf-8"))
            page.close()
            pages[file] = page
        return pages[file]

    problems = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        page_url = ORIGIN + base + relative
        for link in parsed(file).links:
            if not link.strip():
                problems.append(f"{relative}: empty link")
                continue
            target = urlsplit(urljoin(page_url, link.strip()))
            if f"{target.scheme}://{target.netloc}" != ORIGIN:
                continue  # another host, mailto:, data:, javascript:
            path = unquote(target.path)
            if not path.startswith(base):
                problems.append(f"{relative}: {link} leaves the site's path {base}")
                continue
            resolved = site / path[len(base) :]
            if path.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                problems.append(f"{relative}: {link} -> missing {resolved.relative_to(site)}")
                continue
            fragment = unquote(target.fragment)
            if fragment and resolved.suffix == ".html" and fragment not in parsed(resolved).anchors:
                problems.append(
                    f"{relative}: {link} -> no id {fragment!r} in {resolved.relative_to(site)}"
                )
    return problems


def test_the_crawler_sees_a_broken_link_and_a_broken_fragment(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/kb/\n", encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">x</a><a href="b/">x</a>'
        '<a href="/kb/a/">ok</a><a href="/elsewhere/">x</a><a href="#top" id="top">ok</a>'
        '<a href="https://example.com/">external</a><a href="mailto:a@example.org">mail</a>',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="here">Here</h2>', encoding="utf-8")
    assert broken_links(site) == [
        "index.html: a/#gone -> no id 'gone' in a/index.html",
        "index.html: b/ -> missing b/index.html",
        "index.html: /elsewhere/ leaves the site's path /kb/",
    ]


def test_every_internal_link_and_fragment_resolves_in_the_small_site(small_site):
    assert len(list(small_site.rglob("*.html"))) > 10
    assert broken_links(small_site) == []


def test_every_internal_link_and_fragment_resolves_in_the_shipped_site(shipped_site):
    assert len(list(shipped_site.rglob("*.html"))) > 40
    assert broken_links(shipped_site) == []
