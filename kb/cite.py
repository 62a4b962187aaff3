"""Citations of an entry's permanent address, in BibTeX, CSL-JSON and plain text."""

from __future__ import annotations

import json

from kb.model import Entry
from kb.project import Project

FORMATS = ("bibtex", "csl-json", "text")
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


def cite(entry: Entry, project: Project, fmt: str = "bibtex") -> str:
    url = project.absolute_url(entry.url)
    if fmt == "csl-json":
        record = {
            "id": f"kb-{entry.id}",
            "type": "webpage",
            "title": entry.title,
            "container-title": project.site_name,
            "URL": url,
            "note": f"Knowledge base {entry.type}, id {entry.id}",
        }
        return json.dumps([record], indent=2, ensure_ascii=False)
    if fmt == "text":
        return f"“{entry.title}.” {project.site_name}, {entry.type} {entry.id}. {url}"
    return (
        f"@misc{{kb-{entry.id},\n"
        f"  title = {{{{{_bibtex_escape(entry.title)}}}}},\n"
        f"  howpublished = {{{_bibtex_escape(project.site_name)}}},\n"
        f"  url = {{{url}}},\n"
        f"  note = {{Knowledge base {entry.type} \\texttt{{{entry.id}}}}}\n"
        f"}}"
    )


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in text)
