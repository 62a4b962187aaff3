"""The page of an entry: its statement and body, its relations (or, for a question, the debate
under it), its map, numbered references, tags, citation block and schema.org data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial

from kb.addresses import entry_source, person_url, relative_url, work_url
from kb.link.cruxes import cruxes
from kb.link.forecasts import (
    calibration,
    forecaster_sets,
    outcomes,
    pairs_of,
    points,
    set_scores,
)
from kb.link.graph import Graph, Reference
from kb.link.status import STATUS_LABELS
from kb.model import PEOPLE_TYPES, Attribution, Entry, Forecast, Resolution, Work
from kb.render.body import BodyContext, in_text_names, make_markdown, render_body
from kb.render.calibration import calibration_chart
from kb.render.cite import FORMAT_LABELS, FORMATS, Version, cite
from kb.render.renderer import Renderer
from kb.render.site_files import Page, SiteFile
from kb.render.svg_map import Drawing, draw_map
from kb.render.templates import body_markup, environment

MAX_TREE_NODES = 300
# The page template of each kind of entry; claims and counterarguments use entry.html.
TEMPLATES = ("entry.html", "question.html", "person.html", "forecast_set.html")
TEMPLATE_OF_TYPE = {
    "question": "question.html",
    "person": "person.html",
    "organisation": "person.html",
    "forecast-set": "forecast_set.html",
}
# The section of an entry page that lists the entries of each relation, by direction.
SECTION_OF = {
    ("in", "opposes"): "counterarguments",
    ("in", "supports"): "supported-by",
    ("in", "answers"): "positions",
    ("out", "supports"): "supports",
    ("out", "opposes"): "opposes",
    ("out", "answers"): "answers",
    ("in", "qualifies"): "qualified-by",
    ("out", "qualifies"): "qualifies",
    ("in", "undercuts"): "undercut-by",
    ("out", "undercuts"): "undercuts",
}


@dataclass(frozen=True)
class TreeNode:
    """An entry in a question's debate, with what supports or counters it."""

    entry: Entry
    children: tuple[tuple[str, TreeNode], ...]  # (label, node)


@dataclass(frozen=True)
class Holding:
    """An attribution as pages show it: who holds which entry, and the work they said it in."""

    who: Entry
    entry: Entry
    attribution: Attribution
    work: Work | None


@dataclass(frozen=True)
class ForecastRow:
    """A forecast as its set's page lists it: its resolution, the work that settles it and
    its points (linear score)."""

    forecast: Forecast
    resolution: Resolution | None
    work: Work | None
    points: float | None


@dataclass(frozen=True)
class UndercutItem:
    """An undercut as a page lists it: who attacks the step from premise to conclusion, and
    where that step stands (`kb.link.status.inference_status`)."""

    undercutter: Entry
    premise: Entry
    conclusion: Entry
    status: str | None


@dataclass(frozen=True)
class RelianceNote:
    """Why an entry's support has fallen away: a withdrawn supporter or a retracted work."""

    entry: Entry | None = None
    undercutter: Entry | None = None  # for a support whose step a standing entry undercuts
    source: str = ""
    detail: str = ""
    href: str = ""


class EntryPages:
    """Renders entry pages; one per run, shared by the processes that render them."""

    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.md = make_markdown()
        for name in TEMPLATES:
            renderer.env.get_template(name)  # compiled before the work is shared with a fork

    def __call__(self, entry: Entry) -> SiteFile:
        r, graph, here = self.r, self.r.graph, entry.url
        references = graph.references.get(entry.id, [])
        context = BodyContext(
            numbers={ref.work.slug: ref.number for ref in references},
            link_for=partial(r.link_for, here),
            names={ref.work.slug: in_text_names(ref.work.authors) for ref in references},
        )
        html = render_body(self.md, entry, context)
        body = body_markup(html) if html else ""
        change = r.history.last_change(entry.path)
        permalink = r.project.absolute_url(entry.url)
        version = Version(changed=change.date if change else None, commit=r.history.head)
        question = entry.type == "question"
        source = entry_source(entry.folder, entry.id)
        edit_url = r.project.edit_url(source)
        person = entry.type in PEOPLE_TYPES
        argued = not question and not person and entry.type != "forecast-set"
        page = r.render(
            TEMPLATE_OF_TYPE.get(entry.type, "entry.html"),
            here,
            **self._forecasts(entry),
            held_by=self.holdings(entry),
            positions=self.positions(entry) if person else (),
            held_by_of=self.holdings,
            entry=entry,
            status=graph.status.get(entry.id),
            replacement=graph.resolve(entry.superseded_by or "") if entry.withdrawn else None,
            changed=change.date if change else None,
            reliance=self._reliance(entry, here),
            body=body,
            relations=self._relations(entry) if argued else (),
            undercuts=self._undercuts(entry) if argued else (),
            tree=self._debate(entry) if question else (),
            tally=self._tally(entry) if question else "",
            cruxes=cruxes(graph, entry.id) if question else (),
            drawing=drawing(graph, entry),
            references=references,
            permalink=permalink,
            license=r.project.license,
            edit_url=edit_url,
            history_url=r.project.history_url(source),
            citations=[
                (fmt, FORMAT_LABELS[fmt], cite(entry, r.project, fmt, version)) for fmt in FORMATS
            ],
            json_ld=self._structured_data(entry, references, permalink, change),
        )
        return SiteFile(
            source,
            page=Page(
                title=entry.title,
                html=page,
                description=entry.summary,
                tags=entry.tags,
                listed=False,
                edit_url=edit_url or "",
            ),
        )

    def _forecasts(self, entry: Entry) -> dict[str, object]:
        """What a forecast set's page or a forecaster's page shows of forecasts."""
        graph = self.r.graph
        if entry.type == "forecast-set":
            rows = [
                ForecastRow(
                    f,
                    r,
                    graph.work(r.source) if r else None,
                    points(f.probability, r.outcome if r else None),
                )
                for f, r in outcomes(entry)
            ]
            pairs, unrecorded = pairs_of([entry]), entry.unrecorded
            return {
                "forecaster": graph.resolve(entry.by or ""),
                "rows": rows,
                "unrecorded": unrecorded,
                "unrecorded_work": graph.work(unrecorded.source) if unrecorded else None,
                "scores": set_scores([entry]),
                "chart": calibration_chart(entry.title, calibration(pairs)),
            }
        if entry.type in PEOPLE_TYPES:
            sets = forecaster_sets(graph, entry.id)
            pairs = pairs_of(sets)
            return {
                "forecast_sets": [(s, set_scores([s])) for s in sets],
                "scores": set_scores(sets),
                "chart": calibration_chart(f"every forecast of {entry.title}", calibration(pairs)),
            }
        return {}

    def holdings(self, entry: Entry) -> list[Holding]:
        """Who holds the entry, as its `held_by` says (people that do not resolve are left out:
        the check reports them)."""
        graph = self.r.graph
        result = []
        for attribution in entry.held_by:
            who = graph.resolve(attribution.who)
            if who is not None and who.type in PEOPLE_TYPES:
                result.append(Holding(who, entry, attribution, graph.work(attribution.source)))
        return result

    def positions(self, person: Entry) -> list[Holding]:
        """The entries a person or organisation holds, by title."""
        graph = self.r.graph
        held = [
            Holding(person, graph.entries[entry_id], a, graph.work(a.source))
            for entry_id, a in graph.positions.get(person.id, ())
        ]
        return sorted(held, key=lambda h: (h.entry.title.lower(), h.attribution.date or ""))

    def _relations(self, entry: Entry) -> list[tuple[str, str, list[Entry]]]:
        graph = self.r.graph
        return [
            ("supports", "Supports", graph.targets(entry.id, "supports")),
            ("opposes", "Opposes", graph.targets(entry.id, "opposes")),
            ("counterarguments", "Counterarguments", graph.sources_of(entry.id, "opposes")),
            ("supported-by", "Supported by", graph.sources_of(entry.id, "supports")),
            ("answers", "Questions it answers", graph.targets(entry.id, "answers")),
            ("qualifies", "Qualifies", graph.targets(entry.id, "qualifies")),
            ("qualified-by", "Qualified by", graph.sources_of(entry.id, "qualifies")),
        ]

    def _undercuts(self, entry: Entry) -> list[tuple[str, str, list[UndercutItem]]]:
        """The steps this entry undercuts, and the undercuts of steps from or to it."""
        graph = self.r.graph

        def items(edges) -> list[UndercutItem]:
            return [
                UndercutItem(
                    graph.entries[e.source],
                    graph.entries[e.premise],
                    graph.entries[e.target],
                    graph.inference_status.get(e.inference),
                )
                for e in edges
            ]

        return [
            ("undercuts", "Undercuts", items(graph.undercuts_by(entry.id))),
            ("undercut-by", "Steps undercut", items(graph.undercuts_of(entry.id))),
        ]

    def _debate(self, question: Entry) -> list[TreeNode]:
        budget = [MAX_TREE_NODES]
        return [
            self._tree_node(position, {question.id}, budget)
            for position in self.r.graph.sources_of(question.id, "answers")
        ]

    def _tree_node(
        self, entry: Entry, seen: set[str], budget: list[int], supported: str | None = None
    ) -> TreeNode:
        """An entry with the entries that support, counter or qualify it, recursively, within a
        budget; `supported` is the entry it supports in the tree, whose step may be undercut."""
        graph = self.r.graph
        budget[0] -= 1
        children: list[tuple[str, Entry, str | None]] = []
        if budget[0] > 0:
            if supported is not None:
                for undercutter in graph.undercutters.get((entry.id, supported), ()):
                    children.append(("undercut by", graph.entries[undercutter], None))
            for relation, label in (
                ("supports", "supported by"),
                ("opposes", "countered by"),
                ("qualifies", "qualified by"),
            ):
                for child in graph.sources_of(entry.id, relation):
                    if budget[0] > 0 and child.id not in seen:
                        via = entry.id if relation == "supports" else None
                        children.append((label, child, via))
        return TreeNode(
            entry,
            tuple(
                (label, self._tree_node(child, seen | {entry.id}, budget, via))
                for label, child, via in children
            ),
        )

    def _tally(self, question: Entry) -> str:
        positions = self.r.graph.sources_of(question.id, "answers")
        counts = Counter(self.r.graph.status.get(p.id) for p in positions)
        return ", ".join(
            f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_LABELS if counts[s]
        )

    def _reliance(self, entry: Entry, here: str) -> list[RelianceNote]:
        notes = []
        for flag in self.r.graph.flags.get(entry.id, ()):
            if flag.kind == "withdrawn-support":
                notes.append(RelianceNote(entry=self.r.graph.entries[flag.source]))
            elif flag.kind == "undercut-support":
                notes.append(
                    RelianceNote(
                        entry=self.r.graph.entries[flag.source],
                        undercutter=self.r.graph.entries[flag.detail],
                    )
                )
            else:
                work = self.r.graph.work(flag.source)
                href = relative_url(here, work_url(work.slug)) if work else "#references"
                notes.append(RelianceNote(source=flag.source, detail=flag.detail, href=href))
        return notes

    def _structured_data(self, entry: Entry, references: list[Reference], url: str, change):
        """schema.org JSON-LD, so search engines and reference managers read the entry."""
        project = self.r.project
        if entry.type in PEOPLE_TYPES:
            return {
                "@context": "https://schema.org",
                "@type": "Person" if entry.type == "person" else "Organization",
                "@id": url,
                "url": url,
                "name": entry.title,
                "description": entry.summary,
            }
        data: dict = {
            "@context": "https://schema.org",
            "@type": "Question" if entry.type == "question" else "Claim",
            "@id": url,
            "url": url,
            "name": entry.title,
            "text": entry.summary,
            "isPartOf": {
                "@type": "WebSite",
                "name": project.site_name,
                "url": project.absolute_url(""),
            },
        }
        if project.license:
            data["license"] = project.license
        data["publisher"] = {"@type": "Organization", "name": project.publisher_name}
        if entry.tags:
            data["keywords"] = list(entry.tags)
        holdings = self.holdings(entry)
        if holdings:
            # Who makes the claim and where it appears (schema.org Claim `author` and
            # `appearance`); the knowledge base itself only reports it.
            data["author"] = [
                {
                    "@type": "Person" if h.who.type == "person" else "Organization",
                    "name": h.who.title,
                    "url": project.absolute_url(person_url(h.who.id)),
                }
                for h in holdings
            ]
            data["appearance"] = [
                {
                    **_work_json_ld(h.work),
                    **({"datePublished": h.attribution.date} if h.attribution.date else {}),
                }
                for h in holdings
                if h.work is not None
            ]
        if references:
            data["citation"] = [_work_json_ld(ref.work) for ref in references]
        if change:
            data["dateModified"] = change.date
        return data


def drawing(graph: Graph, entry: Entry) -> Drawing:
    """The layout of an entry's neighbourhood, as its page shows it, with argument statuses."""
    incoming = [
        (relation, source)
        for relation in ("opposes", "supports", "answers", "qualifies")
        for source in graph.sources_of(entry.id, relation)
    ] + [("undercuts", graph.entries[e.source]) for e in graph.undercuts_of(entry.id)]
    outgoing = [
        (relation, target)
        for relation in ("supports", "opposes", "answers", "qualifies")
        for target in graph.targets(entry.id, relation)
    ] + [("undercuts", graph.entries[e.target]) for e in graph.undercuts_by(entry.id)]
    return draw_map(
        entry,
        incoming,
        outgoing,
        lambda e: relative_url(entry.url, e.url),
        lambda direction, relation: "#" + SECTION_OF[direction, relation],
        lambda e: graph.status.get(e.id),
    )


def entry_map(graph: Graph, entry: Entry) -> str:
    """The map of an entry's neighbourhood as HTML, as its page shows it."""
    return str(environment().get_template("map.html").module.draw(drawing(graph, entry)))


def _work_json_ld(work: Work) -> dict:
    data: dict = {"@type": "ScholarlyArticle", "name": work.title}
    if work.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in work.authors]
    if work.year:
        data["datePublished"] = work.year
    if work.link:
        data["url"] = work.link
    if work.doi_url:
        data["sameAs"] = work.doi_url
    return data
