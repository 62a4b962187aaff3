"""MkDocs plugin `kb`: a thin adapter that runs the engine once per build and publishes its files.

All knowledge-base logic lives in `kb`; this module only maps MkDocs events onto it:
on_startup makes the entry cache and the previous rendering that `mkdocs serve` keeps across
rebuilds, on_config makes per-build state fresh, on_pre_build runs the pipeline (refusing to
build on any error, before the site folder is touched) and renders the site (under
`mkdocs serve --dirty`, only what an edit changed: `kb_mkdocs.incremental`), on_files hands
MkDocs every file the engine made in place of the sources it found (`EnginePage`: MkDocs
converts no Markdown), and on_post_build writes the search index, made from the engine's
search records while MkDocs wrote the pages, into the built site (so `mkdocs build` and every
rebuild of `mkdocs serve` have it; under `mkdocs serve --dirty` it is written after the pages
are served, and only when what readers search for changed).
"""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory, get_build_date

from kb import pipeline
from kb.addresses import SEARCH_INDEX, check_relative, link_problem, output_file
from kb.export.search_index import SearchIndexer, SearchIndexError
from kb.export.search_records import SearchRecord, search_records
from kb.git import History, read_history
from kb.load.entry_cache import EntryCache
from kb.project import Project
from kb.render.incremental import Rendering, render_site
from kb.render.site import STYLESHEETS, build_site
from kb.render.site_files import Heading, SiteFile
from kb_mkdocs.file_watcher import WATCHERS, switch
from kb_mkdocs.incremental import (
    CompiledTemplates,
    DirtyWarningFilter,
    EngineFile,
    Writing,
    settings_fingerprint,
)
from kb_mkdocs.shared_chrome import TEMPLATES, PageShell, SharedChrome
from kb_mkdocs.site_folder import KeptSite

log = get_plugin_logger("kb")
_DIRTY_FILTER = DirtyWarningFilter()


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
        if TEMPLATES in config.theme.dirs:  # Material, with this plugin's templates
            self.meta["template"] = "kb-page.html"  # main.html, shared across a folder

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


def _engine_file(site_file: SiteFile, config: MkDocsConfig) -> EngineFile:
    path = check_relative(site_file.path)
    if site_file.page is not None:
        file = EngineFile.generated(config, path, content="")
        if not site_file.page.listed:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        EnginePage(site_file, file, config)
    elif site_file.source is not None:
        file = EngineFile.generated(config, path, abs_src_path=str(site_file.source))
    else:
        file = EngineFile.generated(config, path, content=site_file.content or "")
    return file


# Seconds the live preview waits after a rebuild before it makes the search index.
QUIET_BEFORE_INDEXING = 2.0


def _language(config: MkDocsConfig) -> str:
    return config.theme.locale.language if config.theme.locale else "en"


def _write_index(index: SearchIndexer, folder: Path) -> None:
    try:
        index.write(folder)
    except SearchIndexError as error:
        raise PluginError(str(error)) from error


def _listed(site_file: SiteFile) -> bool:
    return site_file.page is not None and site_file.page.listed


def has_shared_chrome(page: Page) -> bool:
    """Entry and work pages: outside the nav, no table of contents, nothing hidden."""
    return (
        isinstance(page, EnginePage)
        and page.file.inclusion.is_not_in_nav()
        and not page.toc
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
    # How `mkdocs serve` learns of a save: the system's notices, or MkDocs' own polling (for
    # content on a network share or a non-native Docker mount, where notices do not arrive).
    watcher = c.Choice(WATCHERS, default="native")


class KbPlugin(BasePlugin[KbConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.entry_cache = EntryCache()  # also for scripts that call MkDocs' build() directly
        self.incremental = False
        self.indexing: threading.Thread | None = None  # the index still being written (serve)
        self.indexing_index: SearchIndexer | None = None  # ... and what makes it
        self.index_stop = threading.Event()  # set when a newer build replaces it
        self.index_lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        """What the site folder holds is unknown: the next build writes every file."""
        self.rendering: Rendering | None = None  # the last rendering written in full
        self.published: dict[str, tuple[SiteFile, File]] = {}  # its files, by path
        self.settings = b""
        self.search_records: list[SearchRecord] | None = None  # those of the index last written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this plugin across the rebuilds of
        # `mkdocs serve`, and with it the entries already read and the site last built: one
        # cache per process.
        self.entry_cache = EntryCache()
        self._forget()
        self.incremental = dirty
        self.compiled = CompiledTemplates()
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_FILTER)
        elif command == "serve":
            log.info(
                "every rebuild renders the whole site; 'mkdocs serve --dirty' (as 'make serve' "
                "runs it) renders only what an edit changes"
            )

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_FILTER)
        self.wait_for_search_index()

    def wait_for_search_index(self) -> None:
        """Under `mkdocs serve --dirty` the index is written after the pages are served: wait
        until it is (at shutdown, and in tests)."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def _drop_search_index(self) -> None:
        """A rebuild makes a newer index: the one still waiting or being made for the build
        before is stopped rather than waited for (which held every save made within Pagefind's
        6 s at 10,000 entries back by as long: 9.9 s from save to page in `make bench`)."""
        if self.indexing is None:
            return
        self.index_stop.set()
        with self.index_lock:
            index = self.indexing_index
        if index is not None:
            index.cancel()
        self.indexing.join()
        self.indexing = self.indexing_index = None

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
        self.search_index: SearchIndexer | None = None  # a build's, made beside its pages
        self.site_files: list[SiteFile] = []
        self.pending: Rendering | None = None  # this build's rendering, until it is written
        self.writing = Writing()
        self.files: Files | None = None
        self.kept_site: KeptSite | None = None  # a full build's site folder, written over
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning(
                "Material's search plugin is not needed: the kb plugin writes the search index "
                "(pagefind/) that the header's search box reads. Remove 'search' from plugins."
            )
        # Before the site's own stylesheets, so that theirs override the engine's.
        for index, stylesheet in enumerate(STYLESHEETS):
            if stylesheet not in config.extra_css:
                config.extra_css.insert(index, stylesheet)
        # The template extends Material's: after the site's own overrides, before the theme.
        if config.theme.name == "material" and TEMPLATES not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self._drop_search_index()
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
        # The graph, and the tokens of every body kept for the pages, live until the build
        # ends: frozen before the pages are rendered, the collections made while they are cost
        # 1.3 s of CPU time instead of 2.1 s at 10,000 entries (timed by `gc.callbacks`,
        # 2026-11-30). Unfrozen by on_post_build or on_build_error.
        gc.freeze()
        history = read_history(self.project.root, self.project.content_dir)
        if self.incremental:
            self.pending = self._render(result, history, config)
            self.site_files = self.pending.files
        else:
            self.site_files = build_site(result, history)
        if self.pending is not None and self.pending.changed is None:
            self.search_records = None  # a full rebuild empties the site folder, index included
        if not self.incremental:
            # Made on another core while MkDocs writes the pages; written by on_post_build.
            self.search_index = SearchIndexer(list(search_records(result)), _language(config))
        # The graph and pages live until the build ends; keep the cycle collector, which runs
        # many times while MkDocs renders every page, from walking them again each time. With
        # the freeze below, this saves about 5% of the build's CPU time at 3,000 entries
        # (medians of three paired series: 2%, 5%, 14%, on a loaded 2-core machine, 2026-11-30).
        gc.freeze()
        if not self.incremental:  # MkDocs empties the site folder next: keep its files
            self.kept_site = KeptSite(Path(config.site_dir))
            self.kept_site.set_aside()

    def _render(self, result: pipeline.Result, history: History, config: MkDocsConfig) -> Rendering:
        """The site, rendered again only where the edit shows (`mkdocs serve --dirty`)."""
        settings = settings_fingerprint(config)
        previous = self.rendering if settings == self.settings else None
        self.settings = settings
        rendering = render_site(result, history, previous)
        if rendering.changed is None:
            if self.rendering is not None:
                reason = rendering.reason if previous else "the site's settings changed"
                log.info(f"rebuilding every page: {reason}")
                clean_directory(config.site_dir)  # as a full build does: no stale file left
        else:
            log.info(
                f"rebuilding {len(rendering.changed)} of {len(rendering.files)} files "
                f"({rendering.rendered} entry and work pages rendered again)"
            )
        return rendering

    @event_priority(-100)
    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["kb_shared"] = SharedChrome(has_shared_chrome)
        env.globals["kb_page"] = PageShell(env, has_shared_chrome)
        self.writing.started = True  # every page is read; only changed ones are written
        if self.incremental:
            env.bytecode_cache = self.compiled
        if self.kept_site is not None:  # MkDocs has cleaned the folder and writes next
            theme = [*config.theme.static_templates, *config.extra_templates]
            written = [file.dest_uri for file in files] + theme
            if "sitemap.xml" in theme:
                written.append("sitemap.xml.gz")
            self.kept_site.put_back(written)
        # Every page is now read and converted; the same holds for them while they are written.
        gc.freeze()
        return env

    @event_priority(-100)  # after other plugins' post_build: they may write files too
    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.incremental:
            self.rendering = self.pending
        folder = output_file(Path(config.site_dir), SEARCH_INDEX)
        index, self.search_index = self.search_index, None
        if index is not None:
            _write_index(index, folder)
        if self.kept_site is not None:
            removed = self.kept_site.remove_stale()
            self.kept_site = None
            log.debug(f"removed {removed} files that the build before wrote and this one did not")
        if index is not None or self.result is None:
            return
        # A preview: the records are made once the pages are written, and indexed only if
        # they changed. Made before, they held the edited page back: at 10,000 entries it was
        # written 1.50 s after a title edit's rebuild started, against 1.62 s (medians of three
        # alternating series of four edits, 2026-11-30).
        records = list(search_records(self.result))
        if records == self.search_records:
            return
        self.search_records = records
        # The edited page is served at once; the index follows once the preview has been quiet
        # for a moment (Pagefind takes 6 s at 10,000 entries, beside a 2.5 s rebuild: made at
        # once, it slowed the next save's rebuild by a second).
        self.index_stop = threading.Event()
        self.indexing = threading.Thread(
            target=self._write_index_later,
            args=(records, _language(config), folder),
            name="search index",
        )
        self.indexing.start()

    def _write_index_later(self, records: list[SearchRecord], language: str, folder: Path) -> None:
        if self.index_stop.wait(QUIET_BEFORE_INDEXING):
            self.search_records = None  # a newer build came first, and makes the index
            return
        with self.index_lock:
            if self.index_stop.is_set():
                self.search_records = None
                return
            index = self.indexing_index = SearchIndexer(records, language)
        try:
            _write_index(index, folder)
        except PluginError as error:
            self.search_records = None  # written again by the next rebuild
            if not index.cancelled.is_set():
                log.error(str(error))

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        if self.kept_site is not None:  # the folder holds two builds' files: empty it
            self.kept_site.abandon()
            self.kept_site = None
        if self.search_index is not None:
            self.search_index.abandon()
            self.search_index = None
        self.search_records = None  # the next build indexes again
        if self.pending is not None:  # the site folder may be half written
            self._forget()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The engine's files replace what MkDocs found; MkDocs converts no page itself."""
        made = {site_file.path for site_file in self.site_files}
        changed = self.pending.changed if self.pending is not None else None
        # A page that is not in the navigation and that the engine took as it was is the same
        # File and Page as last time: at 10,000 entries this saves 0.4 s of a rebuild (1.88 s
        # against 2.34 s, medians of 5 paired rebuilds, 2026-11-30).
        earlier = self.published if changed is not None else {}
        for file in list(files):
            # Every file of content/ is the engine's to publish (`build_site`), or not at all.
            if file.src_uri in made or file.src_dir == config.docs_dir:
                files.remove(file)
        published = {}
        for site_file in self.site_files:
            path = site_file.path
            kept = earlier.get(path)
            if kept is not None and kept[0] is site_file and not _listed(site_file):
                file = kept[1]
                if file.page is not None:
                    file.page.update_date = get_build_date()
            else:
                file = _engine_file(site_file, config)
            file.changed = changed is None or path in changed
            file.writing = self.writing
            published[path] = (site_file, file)
            files.append(file)
        self.files = files
        if self.incremental:
            self.published = published
        return files

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.project.bibliography))
        switch(server, self.config.watcher)
        return server
