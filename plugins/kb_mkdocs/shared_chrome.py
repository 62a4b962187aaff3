"""Render the theme's navigation, header, footer and script configuration once per folder.

On a page that is outside the nav, has no table of contents and hides nothing, those parts of
the theme depend only on the folder that holds the page, since their links are relative to it.
Entry pages are such pages, and there are thousands of them: the theme would otherwise render
the same sidebar for each one. This saves about 15% of the build's CPU time and wall time at
3,000 entries (medians of paired runs between 6% and 22% on a loaded 2-core machine,
`make bench`'s corpus, measured 2026-11-30).
`plugins/kb_mkdocs/templates/main.html` wraps those blocks in `kb_shared`, which returns the first
rendering for every later page in the same folder and renders every other page as usual. The
header's parts around the page's title (logo, menu, palette toggles, search box, repository)
and the head's stylesheets and analytics are shared the same way
(`partials/header.html`): they were about 8% of the build's CPU time at 10,000 entries
under the profiler, 1.5% once shared (2026-11-30).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from mkdocs.structure.pages import Page

TEMPLATES = str(Path(__file__).parent / "templates")


class SharedChrome:
    """The `kb_shared` template global: a cache of rendered blocks, fresh for every build."""

    def __init__(self, is_shared: Callable[[Page], bool]) -> None:
        self.is_shared = is_shared
        self.rendered: dict[tuple[str, str], str] = {}

    def __call__(self, block: str, page: Page | None, caller: Callable[[], str]):
        if page is None or not self.is_shared(page):
            return caller()
        key = (block, posixpath.dirname(page.url.rstrip("/")))
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]
