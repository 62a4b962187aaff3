"""MkDocs plugin `kb`: a thin adapter that runs the engine once per build and hands over its pages.

All knowledge-base logic lives in `kb`; this module only maps MkDocs events onto it:
on_config makes per-build state fresh, on_pre_build runs the pipeline (refusing to build on
any error, before the site folder is touched), on_files swaps entry sources for pages the
engine has rendered (`EnginePage`: MkDocs converts no Markdown for them), and on_page_context
shows the search plugin only what readers search for.
"""

from __future__ import annotations

import gc
import json
from html import escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from kb import pipeline
from kb.export.document_schema import SCHEMA_URL as DOCUMENT_SCHEMA_URL
from kb.export.document_schema import document_schema
from kb.export.entry_schema import SCHEMA_URL, entry_schema
from kb.export.kb_json import export_json
from kb.git import read_history
from kb.load.entries import ENTRY_FOLDERS
from kb.load.entry_cache import EntryCache
from kb.project import Project
from kb.render.pages import (
    RenderedPage,
    hand_page_links,
    overview_html,
    redirect_html,
    redirects,
    render_site,
)
from plugins.shared_chrome import TEMPLATES, SharedChrome

log = get_plugin_logger("kb")
# `mkdocs serve` makes a new plugin for every rebuild; entries read by earlier builds are kept
# here, per content folder, so a rebuild re-reads only the files that changed.
_ENTRY_CACHES: dict[str, EntryCache] = {}
ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/kb/kb.css"
OVERVIEW_MARKER = "<!-- kb:overview -->"


class EnginePage(Page):
    """A page the engine has already rendered: nothing to read, no Markdown to convert."""

    def __init__(self, rendered: RenderedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.rendered = rendered

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # The theme prints these unescaped, and content is untrusted: escape them here.
        self.meta = {
            "title": escape(self.rendered.title),
            "description": escape(self.rendered.description),
        }
        if self.rendered.tags:
            self.meta["tags"] = list(self.rendered.tags)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.rendered.html
        self.toc = get_toc([])


def has_shared_chrome(page: Page) -> bool:
    """Entry and work pages: outside the nav, no table of contents, nothing hidden."""
    return (
        isinstance(page, EnginePage)
        and page.file.inclusion.is_not_in_nav()
        and page.parent is None
        and page.previous_page is None
        and page.next_page is None
    )


class KbConfig(base.Config):
    bibliography = c.Type(str, default="references.bib")


class KbPlugin(BasePlugin[KbConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.project = Project(
            root=root,
            content_dir=Path(config.docs_dir),
            bibliography=root / self.config.bibliography,
            site_url=config.site_url or "",
            site_name=config.site_name,
        )
        self.result: pipeline.Result | None = None
        self.pages: dict[str, RenderedPage] = {}
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        # The template extends Material's: after the site's own overrides, before the theme.
        if config.theme.name == "material" and TEMPLATES not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        cache = _ENTRY_CACHES.setdefault(str(self.project.content_dir), EntryCache())
        result = pipeline.run(self.project, cache)
        for diagnostic in result.diagnostics:
            (log.error if diagnostic.is_error else log.info)(diagnostic.as_text())
        if not result.ok:
            errors = sum(d.is_error for d in result.diagnostics)
            raise PluginError(
                f"the knowledge base has {errors} error(s); nothing was built. "
                "Run 'kb check' for the list."
            )
        self.result = result
        history = read_history(self.project.root, self.project.content_dir)
        self.pages = {
            page.src_path: page for page in render_site(result.graph, self.project, history)
        }
        # The graph and pages live until the build ends; keep the cycle collector, which runs
        # many times while MkDocs renders every page, from walking them again each time. With
        # the freeze below, this saves about 5% of the build's CPU time at 3,000 entries
        # (medians of three paired series: 2%, 5%, 14%, on a loaded 2-core machine, 2026-11-30).
        gc.freeze()

    @event_priority(-100)
    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["kb_shared"] = SharedChrome(has_shared_chrome)
        # Every page is now read and converted; the same holds for them while they are written.
        gc.freeze()
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.result is not None
        for file in list(files):
            if file.src_uri.split("/", 1)[0] in ENTRY_FOLDERS and file.src_uri.endswith(".md"):
                files.remove(file)
        for page in self.pages.values():
            generated = File.generated(config, page.src_path, content="")
            if not page.src_path.endswith("/index.md"):  # entry and work pages stay out of the nav
                generated.inclusion = InclusionLevel.NOT_IN_NAV
            EnginePage(page, generated, config)
            files.append(generated)
        for redirect in redirects(self.result.graph):
            files.append(
                File.generated(config, redirect.url + "index.html", content=redirect_html(redirect))
            )
        files.append(
            File.generated(config, "kb.json", content=export_json(self.result.graph, self.project))
        )
        files.append(
            File.generated(config, SCHEMA_URL, content=json.dumps(entry_schema(self.project)))
        )
        files.append(
            File.generated(
                config, DOCUMENT_SCHEMA_URL, content=json.dumps(document_schema(self.project))
            )
        )
        files.append(File.generated(config, CSS_URI, abs_src_path=str(ASSETS / "kb.css")))
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if isinstance(page, EnginePage):
            return markdown
        assert self.result is not None
        if OVERVIEW_MARKER in markdown:
            markdown = markdown.replace(OVERVIEW_MARKER, overview_html(self.result.graph, page.url))
        return hand_page_links(markdown, page.file.src_uri, self.result.graph)

    @event_priority(100)
    def _show_search_content(self, context, page: Page, config: MkDocsConfig, nav):
        """Before the search plugin indexes the page, give it only what readers search for."""
        if isinstance(page, EnginePage) and page.rendered.search_html:
            page.content = page.rendered.search_html
        return context

    @event_priority(-100)
    def _restore_page_content(self, context, page: Page, config: MkDocsConfig, nav):
        if isinstance(page, EnginePage):
            page.content = page.rendered.html
        return context

    on_page_context = CombinedEvent(_show_search_content, _restore_page_content)

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.project.bibliography))
        return server
