"""The browse pages: claims, questions, people and organisations, forecast sets, and the
standing counterarguments nobody has answered."""

from __future__ import annotations

from kb.addresses import section_source, section_url
from kb.link.forecasts import set_scores
from kb.link.status import open_counterarguments
from kb.render.renderer import Renderer
from kb.render.site_files import Page, SiteFile


def list_page(renderer: Renderer, name: str, title: str, template: str, **context) -> SiteFile:
    """The generated page `name/` (`claims/`), from `template`."""
    html = renderer.render(template, section_url(name), **context)
    return SiteFile(section_source(name), page=Page(title, html))


def browse_claims(renderer: Renderer) -> SiteFile:
    graph = renderer.graph
    return list_page(
        renderer,
        "claims",
        "Claims",
        "claims.html",
        claims=graph.by_type("claim"),
        counterarguments=graph.by_type("counterargument"),
    )


def browse_questions(renderer: Renderer) -> SiteFile:
    questions = renderer.graph.by_type("question")
    return list_page(renderer, "questions", "Questions", "questions.html", questions=questions)


def browse_people(renderer: Renderer) -> SiteFile:
    graph = renderer.graph
    people = graph.by_type("person") + graph.by_type("organisation")
    counts = {p.id: len(graph.positions.get(p.id, ())) for p in people}
    return list_page(renderer, "people", "People", "people.html", people=people, counts=counts)


def browse_forecasts(renderer: Renderer) -> SiteFile:
    """Every forecast set, the most recently made first, with its forecaster and scores."""
    graph = renderer.graph
    sets = sorted(graph.by_type("forecast-set"), key=lambda s: s.made or "", reverse=True)
    items = [(s, graph.resolve(s.by or ""), set_scores([s])) for s in sets]
    return list_page(renderer, "forecasts", "Forecasts", "forecasts.html", items=items)


def open_counterarguments_page(renderer: Renderer) -> SiteFile:
    graph = renderer.graph
    items = [
        (graph.entries[entry_id], graph.targets(entry_id, "opposes"))
        for entry_id in open_counterarguments(graph, graph.status)
    ]
    return list_page(
        renderer,
        "open-counterarguments",
        "Open counterarguments",
        "open_counterarguments.html",
        items=items,
    )
