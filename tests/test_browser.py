"""In a real browser: the built site served over HTTP, read in Debian's Chromium.

Journeys (search, debate, map, old links, citing, tags and browse pages, 404) and quality gates
(no other host contacted, no JavaScript error, no serious accessibility violation, nothing
downloaded on a page view whose size grows with the knowledge base), driven by
Playwright against the project's real MkDocs build of tests/fixtures/small, and screenshots of
the shipped knowledge base for the README.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES, build_site, copy_tree
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]
HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Generous: a slow 2-core machine builds, serves and renders at the same time.
TIMEOUT_MS = 30_000
MIN_TITLE_PX = 11.0

# Material 9.6+ renders its copy button as `button.md-code__button[data-md-type=copy]`;
# older releases as `button.md-clipboard`.
COPY_BUTTON = "button.md-code__button[data-md-type='copy'], button.md-clipboard"

# Entries of tests/fixtures/small.
ENTRY = "steering-works"
ENTRY_TITLE = "Identified features enable targeted steering"
OBJECTION = "steering-not-competitive"
OBJECTION_TITLE = "Steering has not been shown competitive with baselines"
QUESTION = "can-steering-work"
QUESTION_TITLE = "Can features found by dictionary learning be used for steering?"
ALIAS = "old-steering-id"
PERMALINK = "https://kb.example.org/claims/steering-works/"

# One page of each type, by address relative to the site root.
PAGE_TYPES = {
    "home": "",
    "entry": f"claims/{ENTRY}/",
    "counterargument": f"claims/{OBJECTION}/",
    "question": f"questions/{QUESTION}/",
    "reference": "references/meng2022locating/",
    "bibliography": "references/",
    "browse-claims": "claims/",
    "browse-questions": "questions/",
    "tags": "tags/",
}
MISSING = "no-such-entry/"
SEARCH_READY = "Type to start searching"  # the search panel before anything is typed

expect.set_options(timeout=TIMEOUT_MS)


def address(path: str) -> re.Pattern[str]:
    """The URL of a page at `path`, with any query (search highlighting) or fragment."""
    return re.compile(rf"^http://{re.escape(HOST)}:\d+/{re.escape(path)}(\?[^#]*)?(#.*)?$")


# The site over HTTP


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files of a built site; a missing address gets the theme's 404.html, status 404."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at a free port from a background thread; yields the base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {site}", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def small_url(small_site) -> Iterator[str]:
    with serve(small_site) as url:
        yield url


@pytest.fixture(scope="session")
def shipped_url(shipped_site) -> Iterator[str]:
    with serve(shipped_site) as url:
        yield url


@pytest.fixture(scope="session")
def small_data(small_site) -> dict:
    return json.loads((small_site / "kb.json").read_text(encoding="utf-8"))


# The browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and CHROMIUM.stat().st_mode & 0o111):
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM}, which is missing: "
            "install it with `apt-get install chromium` (.ci/run does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class Reader:
    """A browser context on one site that records what would break the site's guarantees:
    requests to any other host (aborted, never sent) and JavaScript errors."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        viewport: dict[str, int],
        permissions: tuple[str, ...] = (),
    ) -> None:
        self.base_url = base_url
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.missing: set[str] = set()  # addresses requested on purpose that answer 404
        self.context = browser.new_context(
            base_url=base_url, viewport=viewport, service_workers="block"
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.set_default_navigation_timeout(TIMEOUT_MS)
        if permissions:
            self.context.grant_permissions(list(permissions), origin=base_url)
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", self._page_error)
        self.page.on("console", self._console)

    def _route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != HOST:
            self.foreign.append(f"{self.page.url}: {route.request.method} {route.request.url}")
            route.abort()
        else:
            route.continue_()

    def _page_error(self, error: Exception) -> None:
        self.errors.append(f"{self.page.url}: uncaught {error}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and source in self.missing:
            return
        self.errors.append(f"{self.page.url}: console error {message.text!r} at {source}")

    def goto(self, path: str, **kwargs):
        return self.page.goto(f"{self.base_url}/{path}", **kwargs)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_reader(chromium, small_url) -> Iterator[Callable[..., Reader]]:
    readers: list[Reader] = []

    def open_(viewport=DESKTOP, base_url=small_url, permissions=()) -> Reader:
        reader = Reader(chromium, base_url, viewport, permissions)
        readers.append(reader)
        return reader

    yield open_
    for reader in readers:
        reader.close()


@pytest.fixture
def desktop(open_reader) -> Reader:
    return open_reader()


def heading(page: Page):
    return page.locator("article h1")


# Journeys


def test_search_finds_an_entry_by_words_of_its_statement(desktop):
    page = desktop.page
    desktop.goto("")
    query = page.locator("input.md-search__input")
    query.click()
    # Typed as a reader types (Material reacts to key events, not to a filled value);
    # the words come from the statement, not the title.
    query.press_sequentially("comparison fine-tuning editing")
    result = page.locator("a.md-search-result__link", has_text=OBJECTION_TITLE).first
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(address(f"claims/{OBJECTION}/"))
    expect(heading(page)).to_have_text(OBJECTION_TITLE)
    expect(page.locator(".kb-statement")).to_contain_text("No comparison with fine-tuning")
    # The words searched are marked on the page the result leads to.
    marked = page.locator("article.md-content__inner mark")
    expect(marked.filter(has_text=re.compile("^comparison$", re.I)).first).to_be_visible()
    assert not desktop.errors, desktop.errors


def test_debate_from_a_question_to_a_counterargument_and_back(desktop):
    page = desktop.page
    desktop.goto(f"questions/{QUESTION}/")
    expect(heading(page)).to_have_text(QUESTION_TITLE)
    positions = page.locator("section#positions")
    expect(positions.get_by_role("heading", name="Positions")).to_be_visible()

    positions.locator("ol.kb-debate > li > a", has_text=ENTRY_TITLE).click()
    expect(page).to_have_url(address(f"claims/{ENTRY}/"))
    expect(heading(page)).to_have_text(ENTRY_TITLE)

    counterarguments = page.locator("section#counterarguments")
    expect(counterarguments.get_by_role("heading", name="Counterarguments")).to_be_visible()
    counterarguments.get_by_role("link", name=OBJECTION_TITLE).click()
    expect(page).to_have_url(address(f"claims/{OBJECTION}/"))
    expect(heading(page)).to_have_text(OBJECTION_TITLE)
    expect(page.locator(".kb-kind")).to_contain_text("Counterargument")

    opposes = page.locator("section#opposes")
    expect(opposes.get_by_role("heading", name="Opposes")).to_be_visible()
    opposes.get_by_role("link", name=ENTRY_TITLE).click()
    expect(page).to_have_url(address(f"claims/{ENTRY}/"))
    expect(heading(page)).to_have_text(ENTRY_TITLE)


VIEWPORTS = {
    "desktop-1280": (DESKTOP, "kb-map-wide", "kb-map-narrow"),
    "phone-390": (PHONE, "kb-map-narrow", "kb-map-wide"),
}


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_map_renders_the_layout_that_fits_the_screen(open_reader, screen):
    viewport, shown, hidden = VIEWPORTS[screen]
    reader = open_reader(viewport=viewport)
    reader.goto(f"claims/{ENTRY}/")
    figure = reader.page.locator("section#map figure.kb-map")
    expect(figure).to_be_visible()
    expect(figure.locator(f"svg.{shown}")).to_be_visible()
    expect(figure.locator(f"svg.{hidden}")).to_be_hidden()
    box = figure.locator(f"svg.{shown}").bounding_box()
    assert box and box["width"] > viewport["width"] / 2, f"the map is squeezed: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], f"map overflows: {box}"


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_map_nodes_name_and_link_to_the_entries(open_reader, screen):
    viewport, shown, _ = VIEWPORTS[screen]
    reader = open_reader(viewport=viewport)
    page = reader.page
    reader.goto(f"claims/{ENTRY}/")
    svg = page.locator(f"section#map svg.{shown}")
    expect(svg).to_be_visible()

    centre = svg.locator("g.kb-map-node")
    expect(centre.locator("text.kb-node-title")).not_to_have_count(0)
    assert " ".join(centre.locator("text.kb-node-title").all_text_contents()) == ENTRY_TITLE

    nodes = svg.locator("a.kb-map-node")
    expect(nodes).to_have_count(2)
    named = {}
    for node in nodes.all():
        title = node.locator("title").text_content()
        shown_lines = node.locator("text.kb-node-title").all_text_contents()
        assert " ".join(shown_lines) == title, f"node {title!r} shows {shown_lines}"
        named[title] = node.get_attribute("href")
    assert named == {
        OBJECTION_TITLE: f"../../claims/{OBJECTION}/",
        QUESTION_TITLE: f"../../questions/{QUESTION}/",
    }

    nodes.filter(has_text="opposes this").click()
    expect(page).to_have_url(address(f"claims/{OBJECTION}/"))
    expect(heading(page)).to_have_text(OBJECTION_TITLE)


_TITLE_SIZES = """(svg) => [...svg.querySelectorAll('text.kb-node-title')].map(t => ({
    text: t.textContent,
    css_px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    box_height: t.getBoundingClientRect().height,
}))"""


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_map_titles_are_legible(open_reader, screen):
    viewport, shown, _ = VIEWPORTS[screen]
    reader = open_reader(viewport=viewport)
    reader.goto(f"claims/{ENTRY}/")
    svg = reader.page.locator(f"section#map svg.{shown}")
    expect(svg).to_be_visible()
    sizes = svg.evaluate(_TITLE_SIZES)
    assert sizes, "the map has no node titles"
    small = [s for s in sizes if s["css_px"] < MIN_TITLE_PX]
    assert not small, (
        f"node titles render below {MIN_TITLE_PX} CSS px at {viewport['width']} px wide: "
        + "; ".join(f"{s['text']!r} at {s['css_px']:.2f} px" for s in small)
    )


@pytest.mark.parametrize("fragment", ["#references", "#cite", ""])
def test_former_address_lands_on_the_entry_keeping_the_fragment(desktop, fragment):
    page = desktop.page
    desktop.goto(f"claims/{ALIAS}/{fragment}")
    expect(page).to_have_url(re.compile(rf"/claims/{ENTRY}/{re.escape(fragment)}$"))
    expect(heading(page)).to_have_text(ENTRY_TITLE)
    if fragment:
        expect(page.locator(fragment)).to_be_in_viewport()


def test_cite_block_shows_the_permanent_address_and_copies_it(open_reader, small_url):
    reader = open_reader(permissions=("clipboard-read", "clipboard-write"))
    page = reader.page
    reader.goto(f"claims/{ENTRY}/")
    cite = page.locator("section#cite")
    expect(cite.get_by_role("heading", name="Cite this entry")).to_be_visible()
    permalink = cite.locator("a.kb-permalink")
    expect(permalink).to_have_text(PERMALINK)
    expect(permalink).to_have_attribute("href", PERMALINK)

    bibtex = cite.locator("pre.kb-cite-bibtex")
    expect(bibtex).to_contain_text(f"url = {{{PERMALINK}}}")
    bibtex.hover()
    copy = bibtex.locator(COPY_BUTTON)
    expect(copy).to_have_count(1)
    copy.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert PERMALINK in copied
    assert copied.strip() == bibtex.locator("code").inner_text().strip()


def test_tags_page_lists_every_tagged_entry(desktop, small_data):
    page = desktop.page
    desktop.goto("tags/")
    article = page.locator("article")
    tags = sorted({tag for entry in small_data["entries"] for tag in entry["tags"]})
    assert tags
    for tag in tags:
        section = article.locator(f"h2[id='tag:{tag}']")
        expect(section).to_have_text(tag)
        listed = section.locator("xpath=following-sibling::ul[1]").get_by_role("link")
        titles = sorted(e["title"] for e in small_data["entries"] if tag in e["tags"])
        assert sorted(t.strip() for t in listed.all_inner_texts()) == titles
    article.locator("h2[id='tag:steering'] + ul").get_by_role("link", name=ENTRY_TITLE).click()
    expect(page).to_have_url(address(f"claims/{ENTRY}/"))
    expect(heading(page)).to_have_text(ENTRY_TITLE)


BROWSE = {
    "claims/": ("Claims", ("claim", "counterargument")),
    "questions/": ("Questions", ("question",)),
}


@pytest.mark.parametrize("path", BROWSE)
def test_browse_pages_list_every_entry(desktop, small_data, path):
    page = desktop.page
    title, types = BROWSE[path]
    desktop.goto(path)
    expect(heading(page)).to_have_text(title)
    article = page.locator("article")
    for entry in small_data["entries"]:
        link = article.get_by_role("link", name=entry["title"], exact=True)
        if entry["type"] in types:
            expect(link).to_be_visible()
            expect(link).to_have_attribute("href", f"../{path}{entry['id']}/")
        else:
            expect(link).to_have_count(0)


def test_bibliography_lists_every_cited_work(desktop, small_data):
    page = desktop.page
    desktop.goto("references/")
    article = page.locator("article")
    for work in small_data["references"]:
        expect(article.get_by_role("link", name=work["title"])).to_be_visible()
    work = small_data["references"][0]
    article.get_by_role("link", name=work["title"]).click()
    expect(page).to_have_url(address(f"references/{work['key'].lower()}/"))
    expect(page.locator("article")).to_contain_text(work["title"])


def test_math_footnotes_and_admonitions_are_rendered_by_the_theme(desktop):
    """The entry's body holds inline and displayed math, a footnote, a Material admonition and
    a task list (tests/fixtures/small); the theme shows each as what it means."""
    page = desktop.page
    desktop.goto(f"claims/{ENTRY}/")
    body = page.locator(".kb-body")
    inline = body.locator("span.kb-math math[display=inline]")
    display = body.locator("div.kb-math-display math[display=block]")
    expect(inline).to_be_visible()
    expect(display).to_be_visible()
    # MathML laid out by the browser: a fraction-free sum has a visible height and width.
    box = display.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10
    admonition = body.locator("div.admonition.note")
    expect(admonition.locator(".admonition-title")).to_have_text("Scope")
    # Material styles it: a border in its note colour, not the browser's default.
    border = admonition.evaluate("e => getComputedStyle(e).borderLeftWidth")
    assert border not in ("", "0px"), border
    expect(body.locator("li.task-list-item input[type=checkbox]")).to_have_count(2)
    expect(body.locator(".kb-cite-in-text")).to_contain_text("Meng et al.")
    body.locator("sup a.footnote-ref").click()
    expect(page).to_have_url(address(f"claims/{ENTRY}/"))
    assert page.url.endswith("#fn:1")
    note = body.locator("div.footnote li[id='fn:1']")
    expect(note).to_contain_text("A figure from the paper.")
    note.locator("a.footnote-backref").click()
    assert page.url.endswith("#fnref:1")
    assert not desktop.foreign and not desktop.errors, (desktop.foreign, desktop.errors)


def test_missing_address_gets_the_themes_404_page(desktop):
    page = desktop.page
    desktop.missing.add(f"{desktop.base_url}/{MISSING}")
    response = desktop.goto(MISSING)
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_have_text("404 - Not found")
    expect(page.locator("header.md-header")).to_be_visible()
    expect(page.locator("header.md-header")).to_contain_text("Small KB")
    assert not desktop.errors, desktop.errors


# Search, through the Pagefind index the kb plugin writes


def open_search(reader: Reader, screen: str):
    """Open the search box as a reader does at this width; the query field."""
    query = reader.page.locator("input.md-search__input")
    if screen == "phone":  # the header's magnifier opens the search over the page
        reader.page.locator("label.md-header__button[for='__search']").click()
        expect(query).to_be_focused()
    else:
        query.click()
    return query


def search(reader: Reader, query_field, words: str):
    """Type `words` into a cleared search box; the result links, once the count is shown."""
    query_field.fill("")
    expect(reader.page.locator(".md-search-result__meta")).to_have_text(SEARCH_READY)
    query_field.press_sequentially(words)
    meta = reader.page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"^(No matching documents|\d+ matching documents?)$"))
    return reader.page.locator("a.md-search-result__link")


def titles(links) -> list[str]:
    return [text.strip() for text in links.locator("h1").all_inner_texts()]


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_search_finds_rare_and_common_words_phrases_and_statements(
    open_reader, axe, screen, scheme
):
    reader = open_reader(viewport=DESKTOP if screen == "desktop" else PHONE)
    reader.goto(f"claims/{ENTRY}/")
    # Material's palettes: what its palette toggle sets (the small site configures none).
    reader.page.evaluate("scheme => { document.body.dataset.mdColorScheme = scheme; }", scheme)
    query = open_search(reader, screen)

    rare = search(reader, query, "dictionary")  # a word of one entry's title
    expect(rare).to_have_count(1)
    expect(rare.locator(".kb-search-kind")).to_have_text("Question")
    expect(rare.locator("h1")).to_have_text(QUESTION_TITLE)
    expect(rare).to_contain_text("Whether identified features let people change model")

    common = search(reader, query, "steering")
    expect(common.first).to_be_visible()
    assert {ENTRY_TITLE, OBJECTION_TITLE, QUESTION_TITLE} <= set(titles(common))
    assert common.count() >= 5
    # The open panel, full of results, in this palette and at this width (the page under its
    # overlay is checked on its own, below).
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe.run(reader.page, context=".md-search").response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations

    phrase = search(reader, query, '"features found"')  # as written in the question only
    expect(phrase).to_have_count(1)
    expect(phrase.locator("h1")).to_have_text(QUESTION_TITLE)
    words = search(reader, query, "features found")  # the same words, anywhere on a page
    assert {ENTRY_TITLE, QUESTION_TITLE} <= set(titles(words))

    statement = search(reader, query, "fine-tuning")  # only in a counterargument's statement
    expect(statement).to_have_count(1)
    expect(statement.locator("h1")).to_have_text(OBJECTION_TITLE)
    expect(statement).to_contain_text("No comparison with fine-tuning")

    none = search(reader, query, "zzyzx")
    expect(none).to_have_count(0)
    expect(reader.page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert not reader.foreign and not reader.errors, (reader.foreign, reader.errors)


def test_many_results_are_shown_twenty_at_a_time(open_reader, shipped_url, axe):
    reader = open_reader(base_url=shipped_url)
    reader.goto("")
    results = search(reader, open_search(reader, "desktop"), "the")  # on nearly every page
    expect(results).to_have_count(20)
    more = reader.page.locator(".kb-search-more button")
    expect(more).to_have_text(re.compile(r"^Show \d+ more of \d+$"))
    more.click()
    expect(results.nth(20)).to_be_visible()
    assert results.count() > 20
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe.run(reader.page, context=".md-search").response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations
    assert not reader.errors, reader.errors


def test_search_does_not_find_a_page_by_the_lists_it_shows(desktop):
    """The entry's page lists its counterargument by title; only the counterargument is found
    by the words of that title."""
    desktop.goto(f"claims/{ENTRY}/")
    counterarguments = desktop.page.locator("section#counterarguments")
    expect(counterarguments).to_contain_text("competitive")
    results = search(desktop, open_search(desktop, "desktop"), "competitive")
    expect(results).to_have_count(1)
    expect(results.locator("h1")).to_have_text(OBJECTION_TITLE)


def test_keyboard_opens_searches_and_closes(desktop):
    page = desktop.page
    desktop.goto(f"claims/{ENTRY}/")
    query = page.locator("input.md-search__input")
    search_open = page.locator("#__search")
    page.keyboard.press("/")
    expect(query).to_be_focused()
    expect(search_open).to_be_checked()
    page.keyboard.type("dictionary")
    result = page.locator("a.md-search-result__link")
    expect(result).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(result).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(query).to_be_focused()
    page.keyboard.press("Enter")  # the first result
    expect(page).to_have_url(address(f"questions/{QUESTION}/"))
    expect(heading(page)).to_have_text(QUESTION_TITLE)
    page.wait_for_load_state()  # its scripts have run
    for key in ("s", "f"):  # Material's other two shortcuts
        page.keyboard.press(key)
        expect(query).to_be_focused()
        page.keyboard.press("Escape")
        expect(query).not_to_be_focused()
        expect(search_open).not_to_be_checked()
    assert not desktop.errors, desktop.errors


def test_a_page_view_downloads_nothing_that_grows_with_the_knowledge_base(open_reader, small_site):
    """Opening an entry downloads the page, the theme's files and the engine's, never the
    search index, kb.json or the tags; focusing and typing in the search box then downloads
    only pieces of the index."""
    reader = open_reader()
    requested: list[str] = []
    reader.context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    reader.goto(f"claims/{ENTRY}/", wait_until="networkidle")
    page_view = set(requested)
    assert f"/claims/{ENTRY}/" in page_view
    theme = {p for p in page_view if p.startswith("/assets/")}
    assert page_view == {f"/claims/{ENTRY}/"} | theme, page_view
    for path in theme:  # files of the theme and the engine, the same for any knowledge base
        assert (small_site / path.lstrip("/")).stat().st_size < 200_000, path
    requested.clear()
    search(reader, open_search(reader, "desktop"), "dictionary")
    assert requested and all(p.startswith("/pagefind/") for p in requested), requested


def test_search_from_disk_says_it_needs_http(open_reader, small_site):
    reader = open_reader()
    reader.page.goto((small_site / "claims" / ENTRY / "index.html").as_uri())
    reader.page.locator("input.md-search__input").click()
    notice = reader.page.locator(".kb-search-offline")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Search needs the site served over HTTP")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    root = copy_tree(FIXTURES / "small", tmp_path_factory.mktemp("hostile"))
    entry = root / "content" / "claims" / "steering-fails.md"
    entry.write_text(
        entry.read_text(encoding="utf-8")
        .replace(
            "title: Steering with features fails outside chosen examples",
            'title: "<img src=x onerror=alert(1)> Steering zzhostile"',
        )
        .replace("summary: Steering works", "summary: <b onmouseover=alert(2)>zzbold</b> works"),
        encoding="utf-8",
    )
    with serve(build_site(root)) as url:
        yield url


def test_search_results_show_hostile_words_as_text(open_reader, hostile_url):
    reader = open_reader(base_url=hostile_url)
    dialogs: list[str] = []
    reader.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.goto("")
    results = search(reader, open_search(reader, "desktop"), "zzhostile")
    expect(results).to_have_count(1)
    expect(results.locator("h1")).to_have_text("<img src=x onerror=alert(1)> Steering zzhostile")
    expect(results).to_contain_text("<b onmouseover=alert(2)>zzbold</b> works")
    expect(results.locator("img, b")).to_have_count(0)
    results.locator(".kb-search-kind").hover()
    assert not dialogs and not reader.errors, (dialogs, reader.errors)


# Quality gates


@pytest.fixture(scope="session")
def site_walk(chromium, small_site, small_url) -> Iterator[dict[str, dict[str, list[str]]]]:
    """Read every page of the small site (and a missing address) in turn, each until it has
    loaded and shows its search box; what each page requested from other hosts and its
    JavaScript errors, by address."""
    pages = sorted(
        str(index.parent.relative_to(small_site)) + "/" for index in small_site.rglob("index.html")
    )
    pages = ["" if p == "./" else p for p in pages] + [MISSING]
    reader = Reader(chromium, small_url, DESKTOP)
    reader.missing.add(f"{small_url}/{MISSING}")
    walk = {}
    for path in pages:
        foreign, errors = len(reader.foreign), len(reader.errors)
        reader.goto(path, wait_until="networkidle")
        expect(reader.page.locator(".md-search-result__meta")).to_have_text(SEARCH_READY)
        if path == "":  # searching is part of reading
            reader.page.locator("input.md-search__input").click()
            reader.page.locator("input.md-search__input").press_sequentially("steering")
            expect(reader.page.locator(".md-search-result__item").first).to_be_visible()
        walk[path] = {"foreign": reader.foreign[foreign:], "errors": reader.errors[errors:]}
    yield walk
    reader.close()


def test_the_walk_covers_every_page_type(site_walk):
    assert set(PAGE_TYPES.values()) | {MISSING, f"claims/{ALIAS}/"} <= set(site_walk)


def test_reading_requests_nothing_from_other_hosts(site_walk):
    foreign = {path or "/": r["foreign"] for path, r in site_walk.items() if r["foreign"]}
    assert not foreign


def test_no_javascript_error_on_any_page(site_walk):
    errors = {path or "/": r["errors"] for path, r in site_walk.items() if r["errors"]}
    assert not errors


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


# Defects of Material's own markup, not of the knowledge base's pages: (rule, element). None
# now: Material's unnamed search dialog is replaced by the kb plugin's, which is named.
THEME_DEFECTS: set[tuple[str, str]] = set()

AXE_PAGES = (
    [
        ("small", kind, "light")
        for kind in (
            "home",
            "entry",
            "counterargument",
            "question",
            "reference",
            "bibliography",
            "browse-claims",
            "browse-questions",
        )
    ]
    + [
        # The shipped configuration adds navigation tabs and a light/dark palette.
        ("shipped", kind, "light")
        for kind in ("home", "entry", "question", "reference", "browse-claims")
    ]
    + [("shipped", "entry", "dark")]
)


@pytest.mark.parametrize(("site", "kind", "scheme"), AXE_PAGES)
def test_no_serious_accessibility_violation(request, open_reader, axe, site, kind, scheme):
    if site == "small":
        reader = open_reader()
        path = PAGE_TYPES[kind]
    else:
        reader = open_reader(base_url=request.getfixturevalue("shipped_url"))
        path = request.getfixturevalue("shipped_picks")[kind]
    reader.page.emulate_media(color_scheme=scheme)
    reader.goto(path)
    expect(heading(reader.page)).to_be_visible()
    results = axe.run(reader.page)
    serious = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], " ".join(map(str, node["target"]))) not in THEME_DEFECTS
        ]
        if nodes:
            serious.append({**violation, "nodes": nodes})
    report = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n.get('failureSummary', '')}" for n in v["nodes"])
        for v in serious
    ]
    assert not serious, "\n".join(report)


# Screenshots of the shipped knowledge base, into the build folder


@pytest.fixture(scope="session")
def shipped_picks(shipped_site) -> dict[str, str]:
    """The most debated question and the most connected entry of the shipped content."""
    data = json.loads((shipped_site / "kb.json").read_text(encoding="utf-8"))
    entries = [e for e in data["entries"] if e.get("status", "active") == "active"]
    degree = {e["id"]: 0 for e in entries}
    for e in entries:
        for relation in ("supports", "opposes", "answers"):
            for target in e[relation]:
                degree[e["id"]] += 1
                degree[target] = degree.get(target, 0) + 1
    questions = [e for e in entries if e["type"] == "question"]
    claims = [e for e in entries if e["type"] != "question"]
    question = max(questions, key=lambda e: (degree[e["id"]], e["id"]))
    entry = max(claims, key=lambda e: (degree[e["id"]], e["id"]))
    work = max(data["references"], key=lambda w: (sum(map(len, w["cited_by"].values())), w["key"]))
    return {
        "home": "",
        "question": f"questions/{question['id']}/",
        "entry": f"claims/{entry['id']}/",
        "reference": f"references/{work['key'].lower()}/",
        "browse-claims": "claims/",
    }


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_screenshots_of_home_question_and_entry(
    open_reader, shipped_site, shipped_url, shipped_picks, screen
):
    folder = shipped_site.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    reader = open_reader(viewport=DESKTOP if screen == "desktop" else PHONE, base_url=shipped_url)
    for kind in ("home", "question", "entry"):
        path = shipped_picks[kind]
        reader.goto(path)
        expect(reader.page.locator("article h1")).to_be_visible()
        shot = folder / f"{screen}-{kind}.png"
        reader.page.screenshot(path=str(shot), animations="disabled")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if kind == "entry":  # and the same entry scrolled to its map
            neighbourhood = reader.page.locator("section#map")
            expect(neighbourhood.locator("figure.kb-map")).to_be_visible()
            # the map's section at the top, just below Material's sticky header
            neighbourhood.evaluate("s => { s.scrollIntoView(); window.scrollBy(0, -56); }")
            expect(neighbourhood.locator("figure.kb-map")).to_be_in_viewport()
            reader.page.screenshot(
                path=str(folder / f"{screen}-entry-map.png"), animations="disabled"
            )
    assert not reader.foreign and not reader.errors, (reader.foreign, reader.errors)


# The held-out debate (tests/fixtures/debate): people, forecast sets and cruxes (contract v2),
# with the same gates: no other host, no JavaScript error, no serious accessibility violation.


@pytest.fixture(scope="module")
def debate_url(tmp_path_factory) -> Iterator[str]:
    site: Path = build_site(copy_tree(FIXTURES / "debate", tmp_path_factory.mktemp("debate")))
    with serve(site) as url:
        yield url


@pytest.fixture
def debate_reader(chromium, debate_url) -> Iterator[Reader]:
    opened = Reader(chromium, debate_url, DESKTOP)
    yield opened
    assert not opened.foreign and not opened.errors, opened.foreign + opened.errors
    opened.close()


def test_a_persons_page_lists_positions_and_forecasts(debate_reader):
    debate_reader.goto("people/stephen-casper/")
    expect(heading(debate_reader.page)).to_have_text("Stephen Casper")
    positions = debate_reader.page.locator("#positions")
    expect(
        positions.get_by_role("link", name="Steering does not show that SAEs are competitive")
    ).to_be_visible()
    expect(positions.get_by_text("80%")).to_be_visible()
    forecasts = debate_reader.page.locator("#forecasts")
    forecasts.get_by_role(
        "link", name="What the next big paper on sparse autoencoders will do"
    ).click()
    expect(heading(debate_reader.page)).to_have_text(
        "What the next big paper on sparse autoencoders will do"
    )


def test_a_forecast_set_shows_its_scores_and_its_chart(debate_reader):
    debate_reader.goto("forecasts/next-sae-paper/")
    scores = debate_reader.page.locator("#scores")
    expect(scores.get_by_text("+1.35", exact=False)).to_be_visible()
    chart = debate_reader.page.get_by_role(
        "img", name="Calibration: What the next big paper on sparse autoencoders will do"
    )
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 150 and box["height"] > 150
    expect(debate_reader.page.locator(".kb-calibration-point")).to_have_count(3)
    table = debate_reader.page.locator("table.kb-calibration-table")
    expect(table.locator("tbody tr")).to_have_count(3)


def test_a_questions_cruxes_link_to_the_sub_question(debate_reader):
    debate_reader.goto("questions/are-saes-useful/")
    cruxes = debate_reader.page.locator("#cruxes")
    expect(cruxes.get_by_role("heading", name="Where they part ways")).to_be_visible()
    cruxes.get_by_role(
        "link", name="Has SAE editing been compared with other editing methods?"
    ).click()
    expect(heading(debate_reader.page)).to_have_text(
        "Has SAE editing been compared with other editing methods?"
    )


@pytest.mark.parametrize(
    "path", ["people/stephen-casper/", "forecasts/next-sae-paper/", "questions/are-saes-useful/"]
)
def test_no_serious_accessibility_violation_in_the_debate(debate_reader, axe, path):
    debate_reader.goto(path)
    expect(heading(debate_reader.page)).to_be_visible()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe.run(debate_reader.page).response["violations"]
        if v["impact"] in ("serious", "critical")
        and any((v["id"], " ".join(map(str, n["target"]))) not in THEME_DEFECTS for n in v["nodes"])
    ]
    assert not serious
