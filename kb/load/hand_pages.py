"""Load the hand-written pages of `content/` (home, about, ...): every Markdown file that is not
in a folder of entries.

They are as untrusted as entries: read with the same size cap and decoding, their optional
front matter parsed by the same bounded YAML reader, and later rendered by the same safe body
renderer. Symlinks are not followed; the walk of the whole tree reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.check.codes import report
from kb.diagnostics import Diagnostic
from kb.load import yamltree
from kb.load.body import BodyFacts, read_body
from kb.load.encoding import decode_text, hidden_character
from kb.load.entries import front_matter_end, read_bytes

PAGE_FIELDS = ("title", "description")


@dataclass(frozen=True)
class HandPage:
    path: str  # how diagnostics name it: content/about.md
    name: str  # its path in the content folder: about.md
    body: str
    body_line: int  # the line of the file where the body starts
    title: str = ""  # from the front matter, else the page's first heading
    description: str = ""
    facts: BodyFacts = BodyFacts()  # its citations, cross-links and links, from its one parse


def load_pages(
    content_dir: Path, prefix: str, names: tuple[str, ...]
) -> tuple[list[HandPage], list[Diagnostic]]:
    """The hand-written pages `names` (as the walk of content/ found them, `kb.load.tree`);
    `prefix` is how diagnostics name the content folder."""
    pages: list[HandPage] = []
    problems: list[Diagnostic] = []
    for name in names:
        page, found = read_page(content_dir / name, f"{prefix}/{name}", name)
        problems += found
        if page is not None:
            pages.append(page)
    return pages, problems


def read_page(file: Path, path: str, name: str) -> tuple[HandPage | None, list[Diagnostic]]:
    data, problems = read_bytes(file, path)
    if data is None:
        return None, problems
    text, problem = decode_text(data, path)
    if text is None:
        return None, [problem]  # type: ignore[list-item]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        facts, problems = read_body(text, path, 1)
        return HandPage(path, name, text, 1, facts=facts), problems
    closing, problem = front_matter_end(lines, path)
    if problem is not None:
        return None, [problem]
    front, problems = yamltree.parse("\n".join(lines[1:closing]), path, line_offset=1)
    fields: dict[str, str] = {}
    if front is not None and front.kind != "map":
        problems.append(
            report(
                "front-matter-not-mapping",
                front.position,
                "front matter must be a mapping of 'field: value' lines",
            )
        )
    elif front is not None:
        for key, value in front.value:  # type: ignore[union-attr]
            if key.text not in PAGE_FIELDS:
                problems.append(
                    report(
                        "page-field",
                        key.position,
                        f"'{key.text}' is not a field of a hand-written page; "
                        f"use {' or '.join(PAGE_FIELDS)}",
                    )
                )
            elif value.kind != "scalar" or not value.text.strip():
                problems.append(
                    report("wrong-type", value.position, f"{key.text} must be plain text")
                )
            elif hidden := hidden_character(key.text, value):
                problems.append(hidden)
            else:
                fields[key.text] = " ".join(value.text.split())
    body = "\n".join(lines[closing + 1 :])
    facts, found = read_body(body, path, closing + 2)
    page = HandPage(
        path,
        name,
        body,
        closing + 2,
        fields.get("title", ""),
        fields.get("description", ""),
        facts,
    )
    return page, problems + found
