"""Argdown: the whole knowledge base as one Argdown document, for the Argdown tools.

Argdown (https://argdown.org) turns a plain-text outline of statements and their relations into
argument maps; this export lets anyone draw, filter and re-arrange our debates with its editor,
VS Code extension or command line, which reads it unchanged (checked with @argdown/cli 1.7.5).

- Every entry, questions included, is one top-level statement `[Title]: summary #tag {data}`.
  Its data block carries what Argdown has no syntax for: `id`, `type`, `url`, `status`,
  `superseded_by` and the ids the entry `answers` (Argdown has no question-answer relation, and
  support or attack would misstate it).
- Each `supports` and `opposes` relation is written under the entry that declares it, as an
  outgoing `+> [Target]` (support) or `-> [Target]` (attack): in Argdown, `+> [B]` under `[A]`
  means A supports B, whereas `+ [B]` would mean B supports A.
- Argdown's undercut `_>` attacks an argument's inference, so each undercut inference (the
  `supports` edge P -> C) is also written as an argument `<Step premise-id to conclusion-id>`
  whose premise-conclusion structure is `(1) [P]`, a line, `(2) [C]`; each undercut is written
  under the undercutter as `_> <Step …>`. Argdown has no concession: an entry's `qualifies`
  ids go into its data block, and so do the ids of the people who hold it (`held_by`); people,
  organisations and forecast sets are not statements and are left out.
- Argdown identifies statements by title. Square brackets end a title, so they become
  parentheses; a leading `-` stops a title from being referenced, so it becomes `‐` (U+2010);
  whitespace is collapsed. `#`, `<` and `>` are read verbatim in titles and are kept. Titles
  that coincide after this get ` (id)` appended, so each entry stays its own statement.
- In the summary, every character Argdown reads as syntax (mentions, tags, emphasis, links,
  comments, data, shortcodes such as `:+1:`) is escaped with a backslash, so it is read as the
  text it is.
"""

from __future__ import annotations

import json
import re

from kb.link.graph import Graph
from kb.model import DEBATE_TYPES, Entry
from kb.project import Project

# Characters that start Argdown syntax inside a statement's text; `\x` always reads as `x`.
_TEXT_SPECIALS = frozenset("\\@#*_[]<>/{}")
# `.name.` and `:name:` are shortcodes (`:+1:` becomes an emoji) wherever they occur.
_SHORTCODE = re.compile(r"\.[^\s]+?\.|:[^\s]+?:")
_SIMPLE_TAG = re.compile(r"[a-z0-9-]+")
_RELATION_ARROWS = (("supports", "+>"), ("opposes", "->"))


def to_argdown(graph: Graph, project: Project) -> str:
    """The knowledge base as an Argdown document; relations keep their direction."""
    titles = statement_titles(graph)
    lines = [
        "===",
        f"title: {json.dumps(project.site_name, ensure_ascii=False)}",
        "===",
        "",
        f"// {project.absolute_url('')}: one statement per entry, with its relations.",
        "",
    ]
    for entry in graph.entries.values():
        if entry.type not in DEBATE_TYPES:
            continue
        lines.append(_statement(entry, titles[entry.id], graph, project))
        for relation, arrow in _RELATION_ARROWS:
            for target_id in graph.outgoing.get(entry.id, {}).get(relation, ()):
                lines.append(f"    {arrow} [{titles[target_id]}]")
        for edge in graph.undercuts_by(entry.id):
            lines.append(f"    _> <{_step_title(edge.premise, edge.target)}>")
        lines.append("")
    for premise, conclusion in graph.undercutters:
        lines += [
            f"<{_step_title(premise, conclusion)}>",
            "",
            f"(1) [{titles[premise]}]",
            "----",
            f"(2) [{titles[conclusion]}]",
            "",
        ]
    return "\n".join(lines)


def _step_title(premise: str, conclusion: str) -> str:
    """The title of the argument for the inference premise -> conclusion (ids are safe)."""
    return f"Step {premise} to {conclusion}"


def statement_titles(graph: Graph) -> dict[str, str]:
    """Each entry's Argdown title: sanitised, and unique across the knowledge base."""
    titles = {entry.id: sanitise_title(entry.title) or entry.id for entry in graph.entries.values()}
    suffixed: set[str] = set()
    while True:
        owners: dict[str, list[str]] = {}
        for entry_id, title in titles.items():
            owners.setdefault(title, []).append(entry_id)
        clashing = [
            entry_id
            for ids in owners.values()
            if len(ids) > 1
            for entry_id in ids
            if entry_id not in suffixed
        ]
        if not clashing:
            return titles
        # A suffixed title ends in its own `(id)`, so two suffixed titles never coincide:
        # each round suffixes at least one more entry, and the loop ends.
        for entry_id in clashing:
            titles[entry_id] = f"{titles[entry_id]} ({entry_id})"
            suffixed.add(entry_id)


def sanitise_title(title: str) -> str:
    """A title Argdown reads back verbatim, both where it is defined and where it is referenced."""
    text = " ".join(title.split()).replace("[", "(").replace("]", ")")
    if text.startswith("-"):
        text = "\u2010" + text[1:]
    return text


def escape_text(text: str) -> str:
    """Statement text that Argdown reads as plain text, on one line."""
    text = " ".join(text.split())
    shortcode_starts = {match.start() for match in _shortcode_matches(text)}
    return "".join(
        "\\" + char if char in _TEXT_SPECIALS or i in shortcode_starts else char
        for i, char in enumerate(text)
    )


def _shortcode_matches(text: str) -> list[re.Match[str]]:
    # Every position, not just non-overlapping matches: once one `.` is escaped, the lexer may
    # find a shortcode starting at the next.
    return [m for i in range(len(text)) if (m := _SHORTCODE.match(text, i)) is not None]


def _statement(entry: Entry, title: str, graph: Graph, project: Project) -> str:
    parts = [f"[{title}]:", escape_text(entry.summary)]
    parts += [f"#{tag}" if _SIMPLE_TAG.fullmatch(tag) else f"#({tag})" for tag in entry.tags]
    data: dict[str, object] = {
        "id": entry.id,
        "type": entry.type,
        "url": project.absolute_url(entry.url),
    }
    answers = graph.outgoing.get(entry.id, {}).get("answers", [])
    if answers:
        data["answers"] = list(answers)
    qualifies = graph.outgoing.get(entry.id, {}).get("qualifies", [])
    if qualifies:
        data["qualifies"] = list(qualifies)
    if entry.held_by:
        data["held_by"] = list(dict.fromkeys(a.who for a in entry.held_by))
    if entry.withdrawn:
        data["status"] = entry.status
        data["superseded_by"] = entry.superseded_by
    parts.append(json.dumps(data, ensure_ascii=False))
    return " ".join(part for part in parts if part)
