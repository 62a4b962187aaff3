"""Helpers for the engine's unit tests: small real knowledge bases written into a folder.

Entries are written as files the way a contributor writes them; every test runs the real
loader, YAML parser, schema, bibliography parser and graph over them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

from kb import pipeline
from kb.check.schema import to_entry
from kb.diagnostics import Diagnostic
from kb.load.entries import parse_entry
from kb.model import Entry
from kb.project import load_project

MKDOCS_YML = """\
site_name: Test KB
site_url: https://kb.example.org/
docs_dir: content
plugins:
  - kb
"""

BIB = r"""
@article{doe2021widgets,
  title = {Widgets},
  author = {Doe, Jane},
  journal = {Journal of Examples},
  year = {2021},
  doi = {10.1234/example.5678}
}

@misc{roe2023gadgets,
  title = {Gadgets},
  author = {Roe, Richard},
  year = {2023},
  url = {https://example.org/gadgets}
}
"""


def front(**fields: str) -> str:
    """An entry file from `field=yaml-value` pairs, in the given order, with an optional body.

    `front(id="a-b", type="claim", body="Text")` gives `---\\nid: a-b\\ntype: claim\\n---\\nText`.
    """
    body = fields.pop("body", "")
    lines = ["---"] + [f"{name}: {value}" for name, value in fields.items()] + ["---", body]
    return "\n".join(lines)


def claim(
    entry_id: str,
    *,
    type: str = "claim",
    title: str | None = None,
    summary: str = "A statement.",
    body: str = "",
    **extra: str,
) -> str:
    """A valid entry file for `content/claims/<entry_id>.md`; `extra` adds YAML fields."""
    fields = {
        "id": entry_id,
        "type": type,
        "title": title or f"Title of {entry_id}",
        "summary": summary,
        **extra,
        "body": body,
    }
    return front(**fields)


def question(entry_id: str, *, body: str = "", **extra: str) -> str:
    fields = {
        "id": entry_id,
        "type": "question",
        "title": f"Question {entry_id}?",
        "summary": "Whether it is so.",
        **extra,
        "body": body,
    }
    return front(**fields)


def write_kb(
    root: Path, files: dict[str, str | bytes], bib: str | None = BIB, mkdocs_yml: str = MKDOCS_YML
) -> Path:
    """Write a knowledge base: `files` maps paths under `content/` to their text or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    if bib is not None:
        (root / "references.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    (root / "content" / "claims").mkdir(parents=True, exist_ok=True)
    (root / "content" / "questions").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def run_kb(root: Path) -> pipeline.Result:
    return pipeline.run(load_project(root))


def parse_file(text: str | bytes, name: str = "claims/x-entry.md"):
    """Load one entry file's text as the loader would: (RawEntry or None, diagnostics)."""
    folder, file_name = name.split("/")
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_entry(f"content/{name}", folder, file_name.removesuffix(".md"), data)


def entry_of(text: str, name: str = "claims/x-entry.md") -> tuple[Entry, list[Diagnostic]]:
    """Load and schema-check one entry file; fails the test if the file cannot be loaded."""
    raw, problems = parse_file(text, name)
    assert raw is not None, [d.as_text() for d in problems]
    entry, more = to_entry(raw)
    return entry, problems + more


def with_code(diagnostics: Iterable[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def one(diagnostics: Iterable[Diagnostic], code: str) -> Diagnostic:
    """The single diagnostic of `code`; fails with every diagnostic shown otherwise."""
    diagnostics = list(diagnostics)
    found = with_code(diagnostics, code)
    assert len(found) == 1, [d.as_text() for d in diagnostics]
    return found[0]


def where(diagnostic: Diagnostic) -> tuple[str, int, int]:
    p = diagnostic.position
    return p.path, p.line, p.col


def codes(diagnostics: Iterable[Diagnostic]) -> set[str]:
    return {d.code for d in diagnostics}


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.is_error]
