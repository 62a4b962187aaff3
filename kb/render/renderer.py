"""What every page of one run shares: the graph, the templates, and each entry's listing.

An entry is listed on every neighbour's page, all at the same depth below the site root, so its
listing (title, type, status, statement) is rendered once per depth rather than once per page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from jinja2 import Environment
from markupsafe import Markup

from kb.addresses import relative_url
from kb.git import History
from kb.link.graph import Graph
from kb.model import Entry
from kb.project import Project
from kb.render.templates import environment


class Renderer:
    def __init__(
        self,
        graph: Graph,
        project: Project,
        history: History | None = None,
        env: Environment | None = None,
    ) -> None:
        self.graph = graph
        self.project = project
        self.history = history or History()
        self.env = env or environment(project.custom_dir)
        self._listing = self.env.get_template("macros.html").module.entry_summary  # type: ignore[attr-defined]
        self._summaries: dict[tuple[str, int], Markup] = {}

    def render(self, template: str, here: str, **context: object) -> str:
        """The template `template` for the page at `here`, with `link` and `summary` for it."""
        return self.env.get_template(template).render(
            link=partial(relative_url, here), summary=self.summary_at(here), **context
        )

    def summary_at(self, here: str) -> Callable[[Entry], Markup]:
        return partial(self.summary, here)

    def summary(self, here: str, entry: Entry) -> Markup:
        key = (entry.id, here.count("/"))
        listing = self._summaries.get(key)
        if listing is None:
            listing = self._summaries[key] = self._listing(
                entry, relative_url(here, entry.url), self.graph.status.get(entry.id)
            )
        return listing
