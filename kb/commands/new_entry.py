"""`kb new`: a new entry file with a fresh id, every field present and explained.

Its body shows every form a body may use. The text it writes for the contributor to replace
(the placeholder summary, the first paragraph, the block of forms) fails `kb check` with
`template-placeholder` until it is replaced, so a template cannot be published by mistake.
It never overwrites anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kb.check.schema import (
    FIELDS,
    ID_MAX,
    ID_MIN,
    ID_PATTERN,
    PLACEHOLDER_BODY,
    PLACEHOLDER_SUMMARY,
    slugify,
)
from kb.check.suggest import did_you_mean
from kb.check.validate import TARGET_TYPES
from kb.link.graph import Graph
from kb.model import ARGUMENT_TYPES, ENTRY_FOLDERS, ENTRY_TYPES, FOLDER_OF_TYPE, PEOPLE_TYPES

MAX_ID_WORDS_LENGTH = 60
MAX_LENGTH = {spec.name: spec.max_length for spec in FIELDS if spec.max_length}
# The forms of the body syntax, as the template shows them (CONTRIBUTING.md shows each one
# with its rendering).
FORMS = """\
Cite a work: [@key], [@key, p. 4], [see @key, pp. 33-35 and *passim*; also @other, chap. 1].
Without the author's name: [-@key]. In the text: @key says ... or @key [p. 33] says ...
Link an entry: [[entry-id]], [[entry-id|link text]], a section: [[entry-id#heading-id]].
A footnote.[^1] Math: $p = 0.6$, and on a line of its own: $$\\sum_i p_i = 1$$

[^1]: The footnote's text.

!!! note "A title"
    An admonition; `??? note` makes it collapsible. Or a GitHub alert: > [!WARNING]

- [x] a task list item, done
- [ ] one to do
"""


class ScaffoldError(Exception):
    """A request that cannot be written, with the reason for the contributor."""


@dataclass(frozen=True)
class NewEntry:
    type: str
    title: str
    summary: str = ""
    supports: tuple[str, ...] = ()
    opposes: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    qualifies: tuple[str, ...] = ()


def fresh_id(title: str, taken: set[str]) -> str:
    """A readable id from the title, shortened at a word boundary, unique among `taken`."""
    words = slugify(title).split("-")
    base = ""
    for word in words:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > MAX_ID_WORDS_LENGTH:
            break
        base = candidate
    base = base or words[0][:MAX_ID_WORDS_LENGTH]
    if len(base) < ID_MIN:
        base = f"{base}-entry" if base != "example" else "entry"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate[:ID_MAX]


def check_request(request: NewEntry, graph: Graph) -> None:
    if request.type not in FOLDER_OF_TYPE:
        raise ScaffoldError(f"type must be one of {', '.join(ENTRY_TYPES)}, not '{request.type}'")
    if not request.title.strip():
        raise ScaffoldError("the title is empty")
    for name, text in (("title", request.title), ("summary", request.summary)):
        if len(" ".join(text.split())) > MAX_LENGTH[name]:
            raise ScaffoldError(f"the {name} is longer than {MAX_LENGTH[name]} characters")
    relations = request.supports + request.opposes + request.answers + request.qualifies
    if request.type in PEOPLE_TYPES and relations:
        raise ScaffoldError(
            f"a {request.type} holds no relations: attribute positions with `held_by` on claims"
        )
    if request.type == "counterargument" and not request.opposes:
        raise ScaffoldError("a counterargument needs --opposes ID: the entry it argues against")
    for relation in ("supports", "opposes", "answers", "qualifies"):
        for target_id in getattr(request, relation):
            target = graph.resolve(target_id)
            if target is None:
                raise ScaffoldError(
                    f"--{relation} {target_id}: no entry has this id"
                    + did_you_mean(target_id, graph.entries)
                )
            wanted = TARGET_TYPES[relation]
            if target.type not in wanted:
                raise ScaffoldError(
                    f"--{relation} {target_id}: it is a {target.type}; "
                    f"--{relation} takes a {' or '.join(wanted)}"
                )
    for tag in request.tags:
        if not ID_PATTERN.match(tag):
            raise ScaffoldError(
                f"tag '{tag}' must be lower-case words joined by hyphens, like '{slugify(tag)}'"
            )


def entry_text(entry_id: str, request: NewEntry) -> str:
    def quoted(text: str) -> str:
        return json.dumps(" ".join(text.split()), ensure_ascii=False)

    def id_list(ids: tuple[str, ...]) -> str:
        return "[" + ", ".join(ids) + "]"

    summary = request.summary or PLACEHOLDER_SUMMARY
    lines = [
        "---",
        f"id: {entry_id}  # permanent: never change it once published (rename with 'aliases')",
        f"type: {request.type}",
        f"title: {quoted(request.title)}  # plain text, at most {MAX_LENGTH['title']} characters",
        f"summary: {quoted(summary)}  # the statement itself, at most {MAX_LENGTH['summary']} "
        "characters",
        f"tags: {id_list(request.tags)}  # lower-case words joined by hyphens",
    ]
    if request.type == "forecast-set":
        lines += [
            'by: ""  # the id of the person or organisation who made the forecasts',
            f"made: {date.today().isoformat()}  # when they were made",
            "forecasts:  # each {id, statement, probability, deadline?}",
            '  - {id: first, statement: "State what will happen.", probability: 0.5}',
            "resolutions: []  # later: - {forecast: first, outcome: yes, date: 2025-01-01, "
            "source: key}",
        ]
    if request.type in ARGUMENT_TYPES:
        lines += [
            f"supports: {id_list(request.supports)}  # ids of entries this gives reason to accept",
            f"opposes: {id_list(request.opposes)}  # ids of entries this gives reason to reject",
            f"answers: {id_list(request.answers)}  # ids of questions this takes a position on",
        ]
        if request.qualifies:
            lines.append(
                f"qualifies: {id_list(request.qualifies)}  # ids of entries this accepts while "
                "limiting what they show"
            )
    lines += [
        "sources: []  # works from references.bib: "
        '- {key: x, locator: "sec. 2", relation: supports}',
        "aliases: []  # former ids of this entry",
        "status: active  # or withdrawn, with superseded_by: <id>",
        "---",
        PLACEHOLDER_BODY[0],
        "and where it could fail. Cite works and link entries as the block below shows.",
        "",
        "```markdown",
        PLACEHOLDER_BODY[1],
        FORMS.rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)


def write_new_entry(content_dir: Path, request: NewEntry, graph: Graph, taken: set[str]) -> Path:
    """Write the entry and return its path; never overwrites an existing file."""
    check_request(request, graph)
    folder = content_dir / FOLDER_OF_TYPE[request.type]
    existing = {p.stem for sub in ENTRY_FOLDERS for p in (content_dir / sub).glob("*.md")}
    entry_id = fresh_id(request.title, taken | existing)
    folder.mkdir(parents=True, exist_ok=True)
    if content_dir.is_symlink() or folder.is_symlink():  # it would write wherever they point
        raise ScaffoldError(f"{folder.name}/ is a symbolic link; nothing was written")
    path = folder / f"{entry_id}.md"
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(entry_text(entry_id, request))
    return path
