"""Render the theme's page around entry pages once per folder, and each page's own parts alone.

On a page that is outside the nav, has no table of contents and hides nothing, almost all of
the theme's page depends only on the folder that holds the page, since its links are relative
to it: the head's stylesheets and scripts, the navigation, the footer, the header's logo,
palette toggles and search box. Entry and work pages are such pages, and there are thousands
of them.

`PageShell` (the `kb_page` template global, which `templates/kb-page.html` calls) renders the
theme's `main.html` in full for the first such page of a folder, with each of the blocks in
`OWN_BLOCKS` (title, head metadata, header, article) left as a mark: that is the folder's
shell. Every later page of the folder is its shell with those blocks rendered for it, through
the same template, context and block chain as a full rendering, so a page comes out as the
theme would write it. The second page of each folder is also rendered in full and compared:
a site's own template that makes any other part depend on the page (its title in the
announcement bar, say) turns the shell off for that folder. This saves 7% of the build's CPU
time at 3,000 entries (6.55 s against 7.01 s) and at 10,000 (21.4 s against 23.0 s), and
5 to 10% of its wall time (medians of three alternating runs, site folder in memory,
2026-11-30).

`SharedChrome` (the `kb_shared` global) does the same within the header block, which holds the
page's title: `templates/partials/header.html` wraps the parts before and after the title in
it. Without it, MkDocs takes 1.7 s instead of 1.1 s to render and write the pages at 3,000
entries, about 10% of the build's CPU time (three runs each, site folder in memory,
2026-11-30).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context, concat
from markupsafe import Markup
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

TEMPLATES = str(Path(__file__).parent / "templates")
# The blocks of Material's base.html that hold what differs from page to page.
OWN_BLOCKS = ("site_meta", "htmltitle", "extrahead", "header", "container")
_MARK = re.compile("\x00kb-own-block:({})\x00".format("|".join(OWN_BLOCKS)))

log = get_plugin_logger("kb")


def _mark(name: str) -> Callable[[Context], Iterator[str]]:
    def block(context: Context) -> Iterator[str]:
        yield f"\x00kb-own-block:{name}\x00"

    return block


@dataclass(frozen=True)
class _Shell:
    pieces: list[str]  # text, block name, text, block name, ..., text
    blocks: dict[str, list]  # every block's chain of overrides, as a full rendering has them
    variables: dict  # what the templates set at their top level (`lang`, `features`, ...)
    first: str  # the address of the page it was rendered for


class PageShell:
    """The `kb_page` template global: a page, from its folder's shell where it has one."""

    def __init__(self, env: Environment, is_shared: Callable[[Page], bool]) -> None:
        self.env = env
        self.is_shared = is_shared
        self.shells: dict[str, _Shell | None] = {}  # None: the folder's pages differ elsewhere
        self.checked: set[str] = set()

    @pass_context
    def __call__(self, context: Context) -> Markup:
        values = context.get_all()
        page = values.get("page")
        main = self.env.get_template("main.html")
        shared = page is not None and self.is_shared(page)
        folder = posixpath.dirname(page.url.rstrip("/")) if shared else None
        if shared and folder not in self.shells:
            self.shells[folder] = _shell(main, values)
        shell = self.shells.get(folder)
        if shell is None:  # not an entry page, or its folder's pages differ outside their blocks
            return Markup(main.render(values))
        html = _fill(main, values, shell)
        if folder not in self.checked and page.url != shell.first:
            self.checked.add(folder)
            whole = main.render(values)
            if html != whole:
                log.debug(f"pages in '{folder}' differ outside their own blocks: rendered whole")
                self.shells[folder] = None
                html = whole
        return Markup(html)


def _shell(main: Template, values: dict) -> _Shell:
    context = main.new_context(values)
    for name in OWN_BLOCKS:
        context.blocks.setdefault(name, []).insert(0, _mark(name))
    pieces = _MARK.split(concat(main.root_render_func(context)))
    blocks = {
        name: chain[1:] if name in OWN_BLOCKS else chain for name, chain in context.blocks.items()
    }
    return _Shell(pieces, blocks, dict(context.vars), values["page"].url)


def _fill(main: Template, values: dict, shell: _Shell) -> str:
    context = main.new_context(values)
    context.vars.update(shell.variables)
    context.blocks.update((name, list(chain)) for name, chain in shell.blocks.items())
    html = [shell.pieces[0]]
    for index in range(1, len(shell.pieces), 2):
        html.append(concat(context.blocks[shell.pieces[index]][0](context)))
        html.append(shell.pieces[index + 1])
    return "".join(html)


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
