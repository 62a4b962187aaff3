"""`kb diff`: what a change does to the argument, not only to the files.

Compares two states of the knowledge base (a git revision and the working tree): entries
added, removed, renamed (an old id kept in the new entry's `aliases`) and changed, relations
added and removed (an undercut's target written as the step `premise -> conclusion`), and works
added and removed. Attributions (`held_by`), forecasts, resolutions and unrecorded forecasts
are compared as fields. Files of the working tree that have errors are listed first: the
check may have left out an entry in one of them, which is therefore never reported as removed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb import pipeline
from kb.channels import markdown_code, markdown_text, plain_text
from kb.link.graph import Graph
from kb.model import Entry
from kb.project import Project, load_project

COMPARED_FIELDS = (
    "type",
    "title",
    "summary",
    "tags",
    "supports",
    "opposes",
    "answers",
    "qualifies",
    "undercuts",
    "held_by",
    "by",
    "made",
    "forecasts",
    "resolutions",
    "unrecorded",
    "sources",
    "aliases",
    "status",
    "superseded_by",
    "body",
)


class RevisionError(Exception):
    """A revision git cannot show."""


@dataclass
class KbDiff:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    renamed: list[tuple[str, Entry]] = field(default_factory=list)  # (old id, entry)
    changed: list[tuple[Entry, list[str]]] = field(default_factory=list)  # (entry, fields)
    relations_added: list[tuple[str, str, str]] = field(default_factory=list)
    relations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    works_added: list[str] = field(default_factory=list)
    works_removed: list[str] = field(default_factory=list)
    # Files of the working tree with errors: an entry the check could not read from one of
    # them is missing from the comparison, and listed with its file instead.
    refused: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())


def _field_value(entry: Entry, name: str) -> object:
    value = getattr(entry, name)
    if name == "sources":
        return [(s.key, s.locator, s.relation) for s in value]
    if name == "undercuts":
        return [(u.premise, u.conclusion) for u in value]
    if name in ("held_by", "forecasts", "resolutions"):  # without where each stands in the file
        return [item[:-1] for item in value]
    if name == "unrecorded":
        return value[:-1] if value else None
    if name == "body":
        return value.strip()
    return value


def compare(old: Graph, new: Graph, refused: Iterable[str] = ()) -> KbDiff:
    """What changed from `old` to `new`; `refused` names the files of the new state that have
    errors. An entry whose file the check refuses may be missing from `new`: it is listed
    with those files, never as removed."""
    diff = KbDiff(refused=sorted(set(refused)))
    renamed_from = {
        alias: entry_id
        for alias, entry_id in new.aliases.items()
        if alias in old.entries and alias not in new.entries
    }
    for entry_id, entry in new.entries.items():
        before = old.entries.get(entry_id)
        if before is None:
            old_id = next((a for a in entry.aliases if renamed_from.get(a) == entry_id), None)
            if old_id is not None:
                diff.renamed.append((old_id, entry))
                before = old.entries[old_id]
            else:
                diff.added.append(entry)
                continue
        fields = [
            name
            for name in COMPARED_FIELDS
            if name != "aliases" and _field_value(before, name) != _field_value(entry, name)
        ]
        if fields:
            diff.changed.append((entry, fields))
    gone = [i for i in old.entries if i not in new.entries and i not in renamed_from]
    hidden = {i for i in gone if old.entries[i].path in diff.refused}
    diff.removed = [old.entries[i] for i in gone if i not in hidden]

    def edges(graph: Graph, canonical, hidden: set[str]) -> set[tuple[str, str, str]]:
        # An undercut's target is a step, written `premise -> conclusion`. A relation of an
        # entry the check left out is not known to be removed.
        return {
            (
                canonical(e.source),
                e.relation,
                canonical(e.target)
                if e.premise is None
                else f"the step {canonical(e.premise)} -> {canonical(e.target)}",
            )
            for e in graph.edges
            if not hidden.intersection((e.source, e.target, e.premise))
        }

    def in_new_ids(entry_id: str) -> str:
        return renamed_from.get(entry_id, entry_id)

    before_edges, after_edges = edges(old, in_new_ids, hidden), edges(new, lambda i: i, set())
    diff.relations_added = sorted(after_edges - before_edges)
    diff.relations_removed = sorted(before_edges - after_edges)
    diff.works_added = sorted(new.works[s].key for s in new.works.keys() - old.works.keys())
    diff.works_removed = sorted(old.works[s].key for s in old.works.keys() - new.works.keys())
    return diff


def default_base(root: Path) -> str:
    """The merge base with the main branch, or HEAD where there is none."""
    for branch in ("origin/main", "main", "origin/master", "master"):
        base = _git(root, "merge-base", "HEAD", branch)
        if base:
            return base.decode().strip()
    return "HEAD"


def graph_at(project: Project, revision: str) -> Graph:
    """The knowledge base as it stands at a git revision."""
    prefix = (_git(project.root, "rev-parse", "--show-prefix") or b"").decode().strip()
    archive = _git(project.root, "archive", "--format=tar", revision, "--", prefix or ".")
    if archive is None:
        raise RevisionError(f"git cannot show revision '{revision}' here")
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter=_files_and_folders)
        root = Path(folder) / prefix
        if not (root / "mkdocs.yml").is_file():
            (root / "mkdocs.yml").write_text("docs_dir: content\n", encoding="utf-8")
        return pipeline.run(load_project(root)).graph


def _files_and_folders(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo | None:
    """The archive's files and folders, made safe by tarfile's `data` filter; links and
    special files are left out, as the check never reads them either."""
    if not (member.isfile() or member.isdir()):
        return None
    return tarfile.data_filter(member, destination)


def _git(root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def format_diff(diff: KbDiff, base: str, fmt: str = "text") -> str:
    """The diff as terminal text, or as Markdown for a pull-request comment.

    Titles, ids and keys come from content: in text they pass through `plain_text`, in
    Markdown through `markdown_text` and `markdown_code`, so a title can show no image, link
    or HTML in the pull request, and no control character in a terminal."""
    markdown = fmt == "markdown"
    text = markdown_text if markdown else plain_text
    code = markdown_code if markdown else plain_text

    def ref(entry: Entry) -> str:
        return f"{code(entry.id)} ({text(entry.type)}): {text(entry.title)}"

    def relation(edge: tuple[str, str, str]) -> str:
        source, name, target = edge
        return f"{code(source)} {text(name)} {code(target)}"

    sections: list[tuple[str, list[str]]] = [
        ("Files the check refuses", [code(p) for p in diff.refused]),
        ("Entries added", [ref(e) for e in diff.added]),
        ("Entries removed", [ref(e) for e in diff.removed]),
        ("Entries renamed", [f"{code(old)} -> {ref(e)}" for old, e in diff.renamed]),
        (
            "Entries changed",
            [f"{ref(e)} [{text(', '.join(fields))}]" for e, fields in diff.changed],
        ),
        ("Relations added", [relation(edge) for edge in diff.relations_added]),
        ("Relations removed", [relation(edge) for edge in diff.relations_removed]),
        ("Works added", [code(key) for key in diff.works_added]),
        ("Works removed", [code(key) for key in diff.works_removed]),
    ]
    title = f"Changes to the knowledge base since {plain_text(base[:12])}"
    lines = [f"## {title}" if markdown else title]
    if diff.empty:
        lines.append("")
        lines.append("No change to entries, relations or works.")
        return "\n".join(lines)
    for heading, items in sections:
        if not items:
            continue
        lines.append("")
        lines.append(f"### {heading} ({len(items)})" if markdown else f"{heading} ({len(items)}):")
        lines.extend(f"- {item}" if markdown else f"  {item}" for item in items)
    return "\n".join(lines)
