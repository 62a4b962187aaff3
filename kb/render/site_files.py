"""The files of a site as plain values, ready for any site generator to publish.

A page is HTML the engine has rendered, with what a generator needs to place it in its theme:
title, description, tags and table of contents (what readers search is made apart, as plain
text, by `kb.export.search_records`). Other files (redirects,
`kb.json`, schemas, the stylesheet) are content or a file to copy. Every path is checked by
`kb.addresses.check_relative` when the value is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from kb.addresses import check_relative, source_url


@dataclass(frozen=True)
class Heading:
    """An entry of a page's table of contents: its heading's level, id and text, nested."""

    level: int
    id: str
    text: str
    children: tuple[Heading, ...] = ()

    @property
    def text_html(self) -> Markup:
        return escape(self.text)


@dataclass(frozen=True)
class Social:
    """What a link to a page shows when it is shared (Open Graph and Twitter card): plain text,
    for a theme to print escaped. `url` is the permanent address, empty when the site's address
    is unknown; `type` is `article` for an entry or a work, else `website`."""

    title: str
    description: str
    url: str
    site_name: str
    type: str = "website"


@dataclass(frozen=True)
class Page:
    title: str  # empty for a hand-written page that names none
    html: str
    description: str = ""
    tags: tuple[str, ...] = ()
    listed: bool = True  # shown in the navigation; entry and work pages are not
    toc: tuple[Heading, ...] = ()
    social: Social | None = None  # set for every page by `kb.render.site.build_site`
    edit_url: str = ""  # where to edit the page's file in the repository, if known

    # Themes print a page's title and description as they are: these are them escaped.
    @property
    def title_html(self) -> Markup:
        return escape(self.title)

    @property
    def description_html(self) -> Markup:
        return escape(self.description)


@dataclass(frozen=True)
class SiteFile:
    """One file of the site.

    `path` is relative to the site folder: for a page, the name a generator knows it by
    (`claims/x.md`, served at `claims/x/`); for any other file, the file itself (`kb.json`).
    A file has `content`, or a `source` file to copy, or is a `page`."""

    path: str
    content: str | None = None
    source: Path | None = None
    page: Page | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_relative(self.path)

    @property
    def url(self) -> str:
        """A page's address (`claims/x/`); for other files, their path."""
        return source_url(self.path) if self.page is not None else self.path
