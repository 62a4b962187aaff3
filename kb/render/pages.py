"""Render: every page of the site as ready HTML, at its permanent address.

Pages are plain values (`RenderedPage`) that any site generator can publish; the MkDocs
plugin only hands them over. Generated sections are HTML, so no Markdown engine runs on
them. Each entry page also carries the smaller HTML that a search index should hold, so
relation lists, maps and bibliographies are neither indexed nor parsed by the indexer.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html import escape

from kb.check.codes import RULES
from kb.export.kb_json import html_safe_json
from kb.git import History
from kb.link.graph import Graph, Reference
from kb.link.reliance import reliance_flags
from kb.link.status import (
    STATUS_HELP,
    STATUS_LABELS,
    WITHDRAWN,
    argument_status,
    open_counterarguments,
)
from kb.model import Entry, Work
from kb.project import Project
from kb.render.body import BodyContext, make_markdown, render_body
from kb.render.cite import FORMAT_LABELS, FORMATS, Version, cite
from kb.render.markup import CROSS_LINK, one_line
from kb.render.svg_map import TYPE_LABELS, draw_map

MAX_TREE_NODES = 300
# The section of an entry page that lists the entries of each relation, by direction.
SECTION_OF = {
    ("in", "opposes"): "counterarguments",
    ("in", "supports"): "supported-by",
    ("in", "answers"): "positions",
    ("out", "supports"): "supports",
    ("out", "opposes"): "opposes",
    ("out", "answers"): "answers",
}
RELATION_HEADINGS = {"supports": "Supports", "disputes": "Disputes", "background": "Background"}


@dataclass(frozen=True)
class RenderedPage:
    src_path: str  # the page's source name for the site generator, e.g. "claims/x.md"
    url: str  # its address relative to the site root, e.g. "claims/x/"
    title: str
    html: str
    description: str = ""
    tags: tuple[str, ...] = ()
    # What readers search for (title, statement, body, tags), without generated lists.
    search_html: str = ""


@dataclass(frozen=True)
class Redirect:
    """An address that forwards to another, keeping any #fragment (a former id)."""

    url: str
    target: str


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`; both are directory-style site paths."""
    depth = from_url.count("/")
    return "../" * depth + to_url if (depth or to_url) else "./"


def render_site(
    graph: Graph, project: Project, history: History | None = None
) -> list[RenderedPage]:
    """Every page; `history` (from git) dates each entry and names the commit built."""
    renderer = _Renderer(graph, project, history)
    pages = [renderer.entry_page(entry) for entry in graph.entries.values()]
    pages.append(renderer.browse_claims())
    pages.append(renderer.browse_questions())
    pages.append(renderer.bibliography())
    pages.extend(renderer.work_page(work) for work in graph.works.values())
    pages.append(renderer.open_counterarguments())
    pages.append(diagnostics_page())
    return pages


def diagnostics_page() -> RenderedPage:
    """The reference of every diagnostic code, generated from the engine's catalogue."""
    groups: dict[str, list] = {}
    for rule in RULES.values():
        groups.setdefault(rule.group, []).append(rule)
    parts = [
        '<h1 id="top">Diagnostics</h1>',
        "<p><code>kb check</code> reports each problem as "
        "<code>path:line:col: severity[code]: message</code>. Errors fail the check and the "
        "build; warnings point at something worth a look and do not.</p>",
    ]
    for group, rules in groups.items():
        parts.append(f'<h2 id="{escape(group.lower())}">{escape(group)}</h2>')
        for rule in rules:
            parts.append(
                f'<h3 id="{escape(rule.code)}"><code>{escape(rule.code)}</code> '
                f'<span class="kb-count">{rule.severity}</span></h3>'
                f"<p>{_code_spans(rule.summary)}</p>"
                f"<p>Example:</p><pre><code>{escape(rule.example)}</code></pre>"
                f"<p>Fix: {_code_spans(rule.fix)}</p>"
            )
    return RenderedPage("diagnostics/index.md", "diagnostics/", "Diagnostics", "".join(parts))


def redirects(graph: Graph) -> list[Redirect]:
    result = []
    for alias, entry_id in sorted(graph.aliases.items()):
        entry = graph.entries[entry_id]
        result.append(Redirect(f"{entry.folder}/{alias}/", entry.url))
    return result


def redirect_html(redirect: Redirect) -> str:
    """A page that forwards to the entry, keeping the fragment; works without script too."""
    target = relative_url(redirect.url, redirect.target)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><link rel="canonical" href="{escape(target)}">'
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">'
        f"<script>location.replace({html_safe_json(target)} + location.hash)</script>"
        f'</head><body><p>This entry has moved to <a href="{escape(target)}">its new address</a>.'
        "</p></body></html>"
    )


def overview_html(graph: Graph, from_url: str = "") -> str:
    """The home page's summary: counts, the questions under debate, and entry points by tag."""
    counts = {t: len(graph.by_type(t)) for t in ("question", "claim", "counterargument")}
    questions = graph.by_type("question")

    def link(entry: Entry) -> str:
        return relative_url(from_url, entry.url)

    items = "".join(
        f'<li><a href="{escape(link(q))}">{escape(q.title)}</a> '
        f'<span class="kb-count">{len(graph.incoming.get(q.id, {}).get("answers", ()))} '
        f"positions</span></li>"
        for q in questions
    )
    tags: dict[str, int] = {}
    for entry in graph.entries.values():
        for tag in entry.tags:
            tags[tag] = tags.get(tag, 0) + 1
    tag_items = "".join(
        f'<li><a href="{escape(relative_url(from_url, "tags/"))}#tag:{escape(tag)}">'
        f"{escape(tag)}</a>"
        f' <span class="kb-count">{count}</span></li>'
        for tag, count in sorted(tags.items())
    )
    return (
        '<div class="kb-overview">'
        f'<p class="kb-counts">{counts["question"]} questions, {counts["claim"]} claims, '
        f"{counts['counterargument']} counterarguments, {len(graph.works)} cited works.</p>"
        f'<h2 id="questions">Questions under debate</h2><ul class="kb-list">{items}</ul>'
        f'<h2 id="topics">Topics</h2><ul class="kb-tags">{tag_items}</ul>'
        "</div>"
    )


class _Renderer:
    def __init__(self, graph: Graph, project: Project, history: History | None = None) -> None:
        self.graph = graph
        self.project = project
        self.history = history or History()
        self.status = argument_status(graph)
        self.flags = reliance_flags(graph)
        self.md = make_markdown()

    # entry and question pages

    def entry_page(self, entry: Entry) -> RenderedPage:
        graph, here = self.graph, entry.url
        references = graph.references.get(entry.id, [])
        context = BodyContext(
            numbers={r.work.slug: r.number for r in references},
            link_for=lambda target: self._link_for(here, target),
        )
        heading = f'<h1 id="top">{escape(entry.title)}</h1>'
        statement = f'<p class="kb-statement">{escape(entry.summary)}</p>'
        body = render_body(self.md, entry, context)
        body = f'<div class="kb-body">{body}</div>' if body else ""
        parts = [
            heading,
            f'<p class="kb-kind"><span class="kb-badge kb-badge-{entry.type}">'
            f"{TYPE_LABELS[entry.type]}</span>{self._status_badge(entry)}"
            f"{self._status(entry, here)}{self._updated(entry)}</p>",
            self._reliance(entry, here),
            statement,
            body,
        ]
        if entry.type == "question":
            parts.append(self._debate(entry, here))
        else:
            parts.append(self._relations(entry, here))
        parts.append(self._map(entry, here))
        parts.append(self._references(references, here))
        parts.append(self._tags(entry, here))
        parts.append(self._cite(entry))
        parts.append(self._structured_data(entry, references))
        return RenderedPage(
            src_path=f"{entry.folder}/{entry.id}.md",
            url=here,
            title=entry.title,
            html="".join(p for p in parts if p),
            description=entry.summary,
            tags=entry.tags,
            search_html=heading
            + statement
            + body
            + (f"<p>Tags: {escape(', '.join(entry.tags))}</p>" if entry.tags else ""),
        )

    def _status(self, entry: Entry, here: str) -> str:
        if not entry.withdrawn:
            return ""
        replacement = self.graph.resolve(entry.superseded_by or "")
        replaced = (
            (
                f' — replaced by <a href="{escape(relative_url(here, replacement.url))}">'
                f"{escape(replacement.title)}</a>"
            )
            if replacement
            else ""
        )
        return f' <span class="kb-withdrawn">Withdrawn{replaced}</span>'

    def _relations(self, entry: Entry, here: str) -> str:
        graph = self.graph
        sections = [
            ("supports", "Supports", graph.targets(entry.id, "supports")),
            ("opposes", "Opposes", graph.targets(entry.id, "opposes")),
            ("counterarguments", "Counterarguments", graph.sources_of(entry.id, "opposes")),
            ("supported-by", "Supported by", graph.sources_of(entry.id, "supports")),
            ("answers", "Questions it answers", graph.targets(entry.id, "answers")),
        ]
        html = []
        for anchor, heading, entries in sections:
            if entries:
                html.append(_section(anchor, heading, self._entry_list(entries, here)))
            elif anchor == "counterarguments":
                html.append(
                    _section(
                        anchor,
                        heading,
                        '<p class="kb-empty">No counterargument yet. '
                        "Know one? Contributions are welcome.</p>",
                    )
                )
        return "".join(html)

    def _debate(self, question: Entry, here: str) -> str:
        positions = self.graph.sources_of(question.id, "answers")
        if not positions:
            return _section("positions", "Positions", '<p class="kb-empty">No position yet.</p>')
        budget = [MAX_TREE_NODES]
        items = "".join(
            f"<li>{self._tree_node(p, here, {question.id}, budget)}</li>" for p in positions
        )
        counts = Counter(self.status.get(p.id) for p in positions)
        tally = ", ".join(
            f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_LABELS if counts[s]
        )
        summary = f'<p class="kb-tally">{len(positions)} positions: {tally}.</p>'
        return _section("positions", "Positions", f'{summary}<ol class="kb-debate">{items}</ol>')

    def _tree_node(self, entry: Entry, here: str, seen: set[str], budget: list[int]) -> str:
        """An entry with the entries that support or counter it, recursively, within a budget."""
        budget[0] -= 1
        children = []
        if budget[0] > 0:
            for relation, label in (("supports", "supported by"), ("opposes", "countered by")):
                for child in self.graph.sources_of(entry.id, relation):
                    if budget[0] > 0 and child.id not in seen:
                        children.append((label, child))
        inner = "".join(
            f'<li class="kb-tree-{label.split()[0]}"><span class="kb-edge-label">{label}</span> '
            f"{self._tree_node(child, here, seen | {entry.id}, budget)}</li>"
            for label, child in children
        )
        return self._entry_summary(entry, here) + (
            f'<ul class="kb-tree">{inner}</ul>' if inner else ""
        )

    def _map(self, entry: Entry, here: str) -> str:
        return _section("map", "Map", entry_map(self.graph, entry, self.status))

    def _references(self, references: list[Reference], here: str) -> str:
        if not references:
            return ""
        items = []
        for reference in references:
            work_href = relative_url(here, f"references/{reference.work.slug}/")
            locators = (
                (
                    f' <span class="kb-locator">Cited at {escape("; ".join(reference.locators))}'
                    "</span>"
                )
                if reference.locators
                else ""
            )
            items.append(
                f'<li id="ref-{reference.number}" value="{reference.number}">'
                f"{format_work(reference.work, work_href)}{locators} "
                f'<span class="kb-relation kb-relation-{reference.relation}">'
                f"{reference.relation}</span></li>"
            )
        return _section(
            "references", "References", f'<ol class="kb-references">{"".join(items)}</ol>'
        )

    def _tags(self, entry: Entry, here: str) -> str:
        if not entry.tags:
            return ""
        tags_href = relative_url(here, "tags/")
        items = "".join(
            f'<li><a href="{escape(tags_href)}#tag:{escape(tag)}">{escape(tag)}</a></li>'
            for tag in entry.tags
        )
        return _section("tags", "Tags", f'<ul class="kb-tags">{items}</ul>')

    def _reliance(self, entry: Entry, here: str) -> str:
        notes = []
        for flag in self.flags.get(entry.id, ()):
            if flag.kind == "withdrawn-support":
                source = self.graph.entries[flag.source]
                notes.append(
                    f'<li>It is supported by <a href="{escape(relative_url(here, source.url))}">'
                    f"{escape(source.title)}</a>, which has been withdrawn.</li>"
                )
            else:
                work = self.graph.work(flag.source)
                href = relative_url(here, f"references/{work.slug}/") if work else "#references"
                notes.append(
                    f'<li>It cites <a href="{escape(href)}">{escape(flag.source)}</a>, which has '
                    f"been retracted ({escape(flag.detail)}).</li>"
                )
        if not notes:
            return ""
        return (
            '<div class="admonition warning kb-reliance"><p class="admonition-title">'
            f"Support has fallen away</p><ul>{''.join(notes)}</ul></div>"
        )

    def _structured_data(self, entry: Entry, references: list[Reference]) -> str:
        """schema.org JSON-LD, so search engines and reference managers read the entry."""
        url = self.project.absolute_url(entry.url)
        data: dict = {
            "@context": "https://schema.org",
            "@type": "Question" if entry.type == "question" else "Claim",
            "@id": url,
            "url": url,
            "name": entry.title,
            "text": entry.summary,
            "isPartOf": {
                "@type": "WebSite",
                "name": self.project.site_name,
                "url": self.project.absolute_url(""),
            },
        }
        if entry.tags:
            data["keywords"] = list(entry.tags)
        if references:
            data["citation"] = [_work_json_ld(r.work) for r in references]
        change = self.history.last_change(entry.path)
        if change:
            data["dateModified"] = change.date
        return f'<script type="application/ld+json">{html_safe_json(data)}</script>'

    def _updated(self, entry: Entry) -> str:
        change = self.history.last_change(entry.path)
        if change is None:
            return ""
        return f' <span class="kb-updated">Last updated <time>{change.date}</time></span>'

    def _cite(self, entry: Entry) -> str:
        url = self.project.absolute_url(entry.url)
        change = self.history.last_change(entry.path)
        version = Version(changed=change.date if change else None, commit=self.history.head)
        blocks = []
        for fmt in FORMATS:
            text = escape(cite(entry, self.project, fmt, version))
            code = f'<pre class="kb-cite-{fmt}"><code>{text}</code></pre>'
            if fmt == "bibtex":
                blocks.append(f"<p>{FORMAT_LABELS[fmt]}:</p>{code}")
            else:
                blocks.append(f"<details><summary>{FORMAT_LABELS[fmt]}</summary>{code}</details>")
        html = (
            f'<p>Permanent address: <a class="kb-permalink" href="{escape(url)}">'
            f"{escape(url)}</a></p>" + "".join(blocks)
        )
        return _section("cite", "Cite this entry", html)

    # lists and browse pages

    def _link_for(self, here: str, target: str) -> tuple[str, str] | None:
        entry = self.graph.resolve(target)
        if entry is None:
            return None
        return relative_url(here, entry.url), entry.title

    def _status_badge(self, entry: Entry) -> str:
        status = self.status.get(entry.id)
        if status is None or status == WITHDRAWN:  # withdrawal has its own, fuller notice
            return ""
        return (
            f' <span class="kb-status kb-status-{status}" title="{escape(STATUS_HELP[status])}">'
            f"{STATUS_LABELS[status]}</span>"
        )

    def _entry_summary(self, entry: Entry, here: str) -> str:
        return (
            f'<a href="{escape(relative_url(here, entry.url))}">{escape(entry.title)}</a> '
            f'<span class="kb-badge kb-badge-{entry.type}">{TYPE_LABELS[entry.type]}</span>'
            f"{self._status_badge(entry)}"
            f'<p class="kb-summary">{escape(entry.summary)}</p>'
        )

    def _entry_list(self, entries: list[Entry], here: str) -> str:
        items = "".join(f"<li>{self._entry_summary(e, here)}</li>" for e in entries)
        return f'<ul class="kb-list">{items}</ul>'

    def browse_claims(self) -> RenderedPage:
        here = "claims/"
        claims = self.graph.by_type("claim")
        counters = self.graph.by_type("counterargument")
        html = (
            '<h1 id="top">Claims</h1>'
            f"<p>{len(claims)} claims and {len(counters)} counterarguments, by title.</p>"
            f'<h2 id="claims">Claims</h2>{self._entry_list(claims, here)}'
            f'<h2 id="counterarguments">Counterarguments</h2>{self._entry_list(counters, here)}'
        )
        return _list_page("claims/index.md", here, "Claims", html)

    def browse_questions(self) -> RenderedPage:
        here = "questions/"
        questions = self.graph.by_type("question")
        html = (
            '<h1 id="top">Questions</h1>'
            f"<p>{len(questions)} questions under debate. Each lists its positions with their "
            f"counterarguments.</p>{self._entry_list(questions, here)}"
        )
        return _list_page("questions/index.md", here, "Questions", html)

    def open_counterarguments(self) -> RenderedPage:
        here = "open-counterarguments/"
        ids = open_counterarguments(self.graph, self.status)
        entries = [self.graph.entries[i] for i in ids]
        items = "".join(
            f"<li>{self._entry_summary(e, here)}<p>Opposes: "
            + ", ".join(
                f'<a href="{escape(relative_url(here, t.url))}">{escape(t.title)}</a>'
                for t in self.graph.targets(e.id, "opposes")
            )
            + "</p></li>"
            for e in entries
        )
        html = (
            '<h1 id="top">Open counterarguments</h1>'
            f"<p>{len(entries)} counterarguments stand unanswered: nothing argues against them "
            "yet. Where you know a good reply, this is where you can help next.</p>"
            f'<ul class="kb-list">{items}</ul>'
        )
        return _list_page("open-counterarguments/index.md", here, "Open counterarguments", html)

    def bibliography(self) -> RenderedPage:
        here = "references/"
        works = sorted(self.graph.works.values(), key=_work_sort_key)
        items = "".join(
            f'<li id="{escape(w.slug)}">'
            f"{format_work(w, relative_url(here, f'references/{w.slug}/'))}"
            f' <span class="kb-count">cited by {self._citing_count(w)}</span></li>'
            for w in works
        )
        html = (
            '<h1 id="top">References</h1>'
            f"<p>{len(works)} works cited in the knowledge base.</p>"
            f'<ul class="kb-bibliography">{items}</ul>'
        )
        return _list_page("references/index.md", here, "References", html)

    def _citing_count(self, work: Work) -> int:
        return sum(len(ids) for ids in self.graph.cited_by.get(work.slug, {}).values())

    def work_page(self, work: Work) -> RenderedPage:
        here = f"references/{work.slug}/"
        groups = self.graph.cited_by.get(work.slug, {})
        sections = []
        for relation, heading in RELATION_HEADINGS.items():
            ids = groups.get(relation, [])
            if not ids:
                continue
            items = []
            for entry_id in ids:
                entry = self.graph.entries[entry_id]
                locators = next(
                    (
                        r.locators
                        for r in self.graph.references[entry_id]
                        if r.work.slug == work.slug
                    ),
                    (),
                )
                where = (
                    f' <span class="kb-locator">at {escape("; ".join(locators))}</span>'
                    if locators
                    else ""
                )
                items.append(f"<li>{self._entry_summary(entry, here)}{where}</li>")
            sections.append(
                f'<h2 id="{relation}">{heading}</h2><ul class="kb-list">{"".join(items)}</ul>'
            )
        if not sections:
            sections.append('<p class="kb-empty">No entry cites this work yet.</p>')
        link = work.link
        html = (
            f'<h1 id="top">{escape(work.title or work.key)}</h1>'
            f'<p class="kb-work">{format_work(work, None)}</p>'
            + (f'<p>Read it: <a href="{escape(link)}">{escape(link)}</a></p>' if link else "")
            + "<p>Entries citing this work, by how they use it:</p>"
            + "".join(sections)
        )
        heading = f'<h1 id="top">{escape(work.title or work.key)}</h1>'
        return RenderedPage(
            f"references/{work.slug}.md",
            here,
            work.title or work.key,
            html,
            search_html=heading + f"<p>{format_work(work, None)}</p>",
        )


def entry_map(graph: Graph, entry: Entry, status: dict[str, str] | None = None) -> str:
    """The map of an entry's neighbourhood, as its page shows it, with argument statuses."""
    status = argument_status(graph) if status is None else status
    incoming = [
        (relation, source)
        for relation in ("opposes", "supports", "answers")
        for source in graph.sources_of(entry.id, relation)
    ]
    outgoing = [
        (relation, target)
        for relation in ("supports", "opposes", "answers")
        for target in graph.targets(entry.id, relation)
    ]
    return draw_map(
        entry,
        incoming,
        outgoing,
        lambda e: relative_url(entry.url, e.url),
        lambda direction, relation: "#" + SECTION_OF[direction, relation],
        lambda e: status.get(e.id),
    )


def format_work(work: Work, page_href: str | None) -> str:
    """Authors (year). Title. Venue. Identifier — as HTML, the title linking to the work's page."""
    authors = list(work.authors)
    names = ", ".join(authors[:6]) + (" et al." if len(authors) > 6 else "")
    title = escape(work.title or work.key)
    if page_href:
        title = f'<a href="{escape(page_href)}">{title}</a>'
    parts = [f"{escape(names)} ({escape(work.year or 'n.d.')}). <cite>{title}</cite>."]
    if work.venue:
        parts.append(f" {escape(work.venue)}.")
    if work.doi:
        parts.append(f' <a class="kb-id" href="{escape(work.doi_url)}">doi:{escape(work.doi)}</a>')
    if work.arxiv:
        parts.append(
            f' <a class="kb-id" href="{escape(work.arxiv_url)}">arXiv:{escape(work.arxiv)}</a>'
        )
    if work.url and not work.doi and not work.arxiv:
        parts.append(f' <a class="kb-id" href="{escape(work.url)}">{escape(work.url)}</a>')
    return "".join(parts)


def _work_sort_key(work: Work) -> tuple:
    first = work.authors[0].split()[-1].lower() if work.authors else ""
    return (first, work.year, work.title.lower())


def _list_page(src_path: str, url: str, title: str, html: str) -> RenderedPage:
    """A page listing entries or works: searchable by its heading and introduction only, since
    each item it lists is indexed on its own page."""
    introduction = html[: html.find("</p>") + len("</p>")] if "</p>" in html else ""
    return RenderedPage(src_path, url, title, html, search_html=introduction)


def _section(anchor: str, heading: str, html: str) -> str:
    return (
        f'<section class="kb-section kb-section-{anchor}" id="{anchor}">'
        f"<h2>{heading}</h2>{html}</section>"
    )


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


def _code_spans(text: str) -> str:
    """Plain text with `backticked` words shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def hand_page_links(markdown: str, src_path: str, graph: Graph) -> str:
    """Turn `[[id]]` in a hand-written page into a Markdown link to the entry's page."""

    def replace(match) -> str:
        entry = graph.resolve(one_line(match.group(1)))
        if entry is None:
            return match.group(0)
        label = (one_line(match.group(2) or "") or entry.title).replace("[", "\\[")
        label = label.replace("]", "\\]")
        target = posixpath.relpath(
            f"{entry.folder}/{entry.id}.md", posixpath.dirname(src_path) or "."
        )
        return f"[{label}]({target})"

    return CROSS_LINK.sub(replace, markdown)
