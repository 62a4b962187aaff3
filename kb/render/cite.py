"""Citations of an entry's permanent address, in BibTeX, CSL-JSON and plain text.

A citation names the entry's last change (date and commit, from git) so a reader can find
the version that was cited, and, where the citing person gives one, the date of access.
`kb cite` prints these to a terminal: every value from content passes through
`kb.channels` (plain text, or JSON with controls escaped) before it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.channels import json_text, plain_text
from kb.model import Entry
from kb.project import Project

FORMATS = ("bibtex", "csl-json", "text")
FORMAT_LABELS = {"bibtex": "BibTeX", "csl-json": "CSL-JSON", "text": "Text"}
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Version:
    """Which state of the entry is cited: its last change and the commit cited at."""

    changed: str | None = None  # YYYY-MM-DD
    commit: str | None = None
    accessed: str | None = None  # YYYY-MM-DD


def cite(
    entry: Entry, project: Project, fmt: str = "bibtex", version: Version | None = None
) -> str:
    version = version or Version()
    url = project.absolute_url(entry.url)
    commit = version.commit[:12] if version.commit else None
    if fmt == "csl-json":
        record: dict = {
            "id": f"kb-{entry.id}",
            "type": "webpage",
            "title": entry.title,
            "container-title": project.site_name,
            "publisher": project.publisher_name,
            "URL": url,
            "note": f"Knowledge base {entry.type}, id {entry.id}",
        }
        if version.changed:
            record["issued"] = {"date-parts": [_date_parts(version.changed)]}
        if commit:
            record["version"] = commit
        if version.accessed:
            record["accessed"] = {"date-parts": [_date_parts(version.accessed)]}
        return json_text([record], indent=2)
    if fmt == "text":
        parts = [f"“{entry.title}.” {project.site_name}, {entry.type} {entry.id}"]
        if version.changed:
            parts.append(f", last changed {version.changed}")
        if commit:
            parts.append(f" (version {commit})")
        parts.append(f". {url}")
        if version.accessed:
            parts.append(f" (accessed {version.accessed})")
        return plain_text("".join(parts))
    fields = [
        ("title", f"{{{_bibtex_escape(entry.title)}}}"),
        ("howpublished", _bibtex_escape(project.site_name)),
        ("publisher", _bibtex_escape(project.publisher_name)),
        ("url", plain_text(url)),
    ]
    if version.changed:
        fields.append(("year", version.changed[:4]))
        fields.append(("date", version.changed))
    if version.accessed:
        fields.append(("urldate", version.accessed))
    note = f"Knowledge base {entry.type} \\texttt{{{_bibtex_escape(entry.id)}}}"
    if commit:
        note += f", version {commit}"
    fields.append(("note", note))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{kb-{plain_text(entry.id)},\n{body}\n}}"


def _date_parts(date: str) -> list[int]:
    return [int(part) for part in date.split("-")]


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIALS)


def _bibtex_escape(text: str) -> str:
    return plain_text(text).translate(_BIBTEX_TABLE)
