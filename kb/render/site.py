"""Render: every file of the site, as plain values, from one call.

`build_site` returns the pages (entries, questions, works, lists, hand-written pages), the
redirects of former addresses, `kb.json`, the two JSON schemas, the stylesheet and the images
of content/, each at a checked path. A site generator only publishes them: the MkDocs plugin
loops over this list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path

from kb.addresses import KB_JSON, STYLESHEET, work_url
from kb.export.document_schema import SCHEMA_URL as DOCUMENT_SCHEMA_URL
from kb.export.document_schema import document_schema
from kb.export.entry_schema import SCHEMA_URL as ENTRY_SCHEMA_URL
from kb.export.entry_schema import entry_schema
from kb.export.kb_json import EntryParts, export_json
from kb.git import History
from kb.pipeline import Result
from kb.project import Project
from kb.render.diagnostics_page import diagnostics_page
from kb.render.entry_page import EntryPages
from kb.render.hand_pages import hand_pages
from kb.render.lists import (
    browse_claims,
    browse_forecasts,
    browse_people,
    browse_questions,
    open_counterarguments_page,
)
from kb.render.redirects import redirects
from kb.render.renderer import Renderer
from kb.render.site_files import SiteFile, Social
from kb.render.work_pages import bibliography, work_page

ASSETS = Path(__file__).parent / "assets"
STYLESHEETS = (STYLESHEET,)  # for a generator to link from every page


def build_site(result: Result, history: History | None = None) -> list[SiteFile]:
    """Every file of the site; `history` (from git) dates each entry and names the commit."""
    renderer = Renderer(result.graph, result.project, history)
    return article_files(renderer) + site_wide_files(renderer, result)


def article_files(renderer: Renderer, keep: Mapping[str, SiteFile] | None = None) -> list[SiteFile]:
    """The page of every entry, then of every work. Those in `keep` (by address) are known
    unchanged since an earlier rendering and taken as they are (`kb.render.incremental`)."""
    graph, project = renderer.graph, renderer.project
    pages = EntryPages(renderer)
    keep = keep or {}

    def article(url: str, render: Callable[[], SiteFile]) -> SiteFile:
        kept = keep.get(url)
        return kept if kept is not None else _with_social(render(), project, "article")

    articles = [article(entry.url, partial(pages, entry)) for entry in graph.entries.values()]
    articles += [
        article(work_url(work.slug), partial(work_page, renderer, work))
        for work in graph.works.values()
    ]
    return articles


def site_wide_files(
    renderer: Renderer, result: Result, json_parts: EntryParts | None = None
) -> list[SiteFile]:
    """The files that show the whole knowledge base or none of it: the lists, the hand-written
    pages, the redirects, `kb.json` (`KB_JSON`, from `json_parts` where they hold it), the
    schemas, the stylesheet and the images."""
    graph, project = renderer.graph, renderer.project
    files = [browse_claims(renderer), browse_questions(renderer), bibliography(renderer)]
    files += [browse_people(renderer), browse_forecasts(renderer)]
    files += [open_counterarguments_page(renderer), diagnostics_page(renderer)]
    files += hand_pages(renderer, result.pages)
    files += redirects(renderer)
    files += [
        SiteFile(KB_JSON, content=export_json(graph, project, json_parts)),
        SiteFile(ENTRY_SCHEMA_URL, content=json.dumps(entry_schema(project))),
        SiteFile(DOCUMENT_SCHEMA_URL, content=json.dumps(document_schema(project))),
        SiteFile(STYLESHEET, source=ASSETS / "kb.css"),
    ]
    files += [SiteFile(image, source=project.content_dir / image) for image in result.images]
    return [_with_social(f, project, "website") for f in files]


def _with_social(site_file: SiteFile, project: Project, kind: str) -> SiteFile:
    """A page with what a shared link to it shows; any other file as it is."""
    page = site_file.page
    if page is None:
        return site_file
    social = Social(
        title=page.title,
        description=page.description,
        url=project.absolute_url(site_file.url) if project.site_url else "",
        site_name=project.site_name,
        type=kind,
    )
    return replace(site_file, page=replace(page, social=social))
