"""MkDocs plugin `kb`: a thin adapter that runs the engine once per build and publishes its files.

All knowledge-base logic lives in `kb`; this module only maps MkDocs events onto it:
on_startup makes the entry cache that `mkdocs serve` keeps across rebuilds, on_config makes
per-build state fresh, on_pre_build runs the pipeline (refusing to build on any error, before
the site folder is touched) and renders the site, on_files hands MkDocs every file the engine
made in place of the sources it found (`EnginePage`: MkDocs converts no Markdown), and
on_post_build writes the search index, made from the engine's search records while MkDocs
wrote the pages, into the built site (so `mkdocs build` and every rebuild of `mkdocs serve`
have it).
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from kb import pipeline
from kb.addresses import SEARCH_INDEX, check_relative, link_problem, output_file
from kb.export.search_index import SearchIndexer, SearchIndexError
from kb.export.search_records import search_records
from kb.git import read_history
from kb.load.entry_cache import EntryCache
from kb.project import Project
from kb.render.site import STYLESHEETS, build_site
from kb.render.site_files import Heading, SiteFile
from kb_mkdocs.shared_chrome import TEMPLATES, SharedChrome

log = get_plugin_logger("kb")


class EnginePage(Page):
    """A page the engine has already rendered: nothing to read, no Markdown to convert."""

    def __init__(self, site_file: SiteFile, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        assert site_file.page is not None
        self.rendered = site_file.page
        # The theme's "edit this page" button (Material: feature content.action.edit).
        self.edit_url = self.rendered.edit_url or None

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # The theme prints these as they are: the engine gives them escaped.
        self.meta = {"description": self.rendered.description_html}
        if self.rendered.title:  # else MkDocs' default: "Home", or the file's name
            self.meta["title"] = self.rendered.title_html
        if self.rendered.tags:
            self.meta["tags"] = list(self.rendered.tags)
        # Open Graph and Twitter card values, printed by templates/main.html (autoescaped).
        self.meta["kb_social"] = self.rendered.social

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.rendered.html
        self.toc = get_toc([_toc_token(heading) for heading in self.rendered.toc])


def _toc_token(heading: Heading) -> dict:
    return {
        "level": heading.level,
        "id": heading.id,
        "name": heading.text_html,
        "children": [_toc_token(child) for child in heading.children],
    }


def has_shared_chrome(page: Page) -> bool:
    """Entry and work pages: outside the nav, no table of contents, nothing hidden."""
    return (
        isinstance(page, EnginePage)
        and page.file.inclusion.is_not_in_nav()
        and page.parent is None
        and page.previous_page is None
        and page.next_page is None
    )


class PublicAddress(c.Type):
    """A full address the site may publish as a link (the engine's link policy decides)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = link_problem(value, allow_relative=False)
        if problem:
            raise c.ValidationError(f"{problem}: {value!r}")
        return value


class RepositoryPath(c.Type):
    """Where files are shown, relative to the repository's address (or a full address)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = link_problem(value)
        if problem:
            raise c.ValidationError(f"{problem}: {value!r}")
        return value


class KbConfig(base.Config):
    bibliography = c.Type(str, default="references.bib")
    # Who citations name as publisher; default: the site's name.
    publisher = c.Optional(c.Type(str))
    # The content's licence, shown in citation blocks and schema.org data.
    license = c.Optional(c.Type(str))
    # "Edit this entry" and "History of this entry" links; default: MkDocs' repo_url and
    # edit_uri, and the history address derived from edit_uri (edit/... to commits/...).
    repo_url = c.Optional(PublicAddress())
    edit_uri = c.Optional(RepositoryPath())
    history_uri = c.Optional(RepositoryPath())


class KbPlugin(BasePlugin[KbConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.entry_cache = EntryCache()  # also for scripts that call MkDocs' build() directly

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this plugin across the rebuilds of
        # `mkdocs serve`, and with it the entries already read: one cache per process.
        self.entry_cache = EntryCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.project = Project(
            root=root,
            content_dir=Path(config.docs_dir),
            bibliography=root / self.config.bibliography,
            site_url=config.site_url or "",
            site_name=config.site_name,
            custom_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
            publisher=self.config.publisher or "",
            license=self.config.license or "",
            repo_url=self.config.repo_url or config.repo_url or "",
            edit_uri=self.config.edit_uri or config.edit_uri or "",
            history_uri=self.config.history_uri or "",
        )
        self.result: pipeline.Result | None = None
        self.search_index: SearchIndexer | None = None
        self.site_files: list[SiteFile] = []
        # Before the site's own stylesheets, so that theirs override the engine's.
        for index, stylesheet in enumerate(STYLESHEETS):
            if stylesheet not in config.extra_css:
                config.extra_css.insert(index, stylesheet)
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning(
                "Material's search plugin is not needed: the kb plugin writes the search index "
                "(pagefind/) that the header's search box reads. Remove 'search' from plugins."
            )
        # The template extends Material's: after the site's own overrides, before the theme.
        if config.theme.name == "material" and TEMPLATES not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        result = pipeline.run(self.project, self.entry_cache)
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
        self.site_files = build_site(result, history)
        # Made on another core while MkDocs writes the pages; written by on_post_build.
        language = config.theme.locale.language if config.theme.locale else "en"
        self.search_index = SearchIndexer(list(search_records(result)), language)
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
        if self.search_index is None:
            return
        try:
            self.search_index.write(output_file(Path(config.site_dir), SEARCH_INDEX))
        except SearchIndexError as error:
            raise PluginError(str(error)) from error
        finally:
            self.search_index = None

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        if self.search_index is not None:
            self.search_index.abandon()
            self.search_index = None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The engine's files replace what MkDocs found; MkDocs converts no page itself."""
        made = {site_file.path for site_file in self.site_files}
        for file in list(files):
            # Every file of content/ is the engine's to publish (`build_site`), or not at all.
            if file.src_uri in made or file.src_dir == config.docs_dir:
                files.remove(file)
        for site_file in self.site_files:
            path = check_relative(site_file.path)
            if site_file.page is not None:
                file = File.generated(config, path, content="")
                if not site_file.page.listed:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
                EnginePage(site_file, file, config)
            elif site_file.source is not None:
                file = File.generated(config, path, abs_src_path=str(site_file.source))
            else:
                file = File.generated(config, path, content=site_file.content or "")
            files.append(file)
        return files

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.project.bibliography))
        return server
