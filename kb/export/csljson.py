"""CSL-JSON: every work in `references.bib` as Citation Style Language data.

CSL-JSON is what Zotero, Pandoc and citeproc read, so this export lets authors import the
works the knowledge base relies on into their own reference manager or manuscript.

- `id` is the BibTeX key; `type` follows the BibTeX entry type (`TYPES`). A `misc` or
  `online` work with an arXiv id is a preprint (`article`), one with a URL a `webpage`.
- Authors are display names ("Given Family"), so a name is split at its last space; a one-word
  name, such as an organisation, is kept whole as a `literal`. A multi-word organisation name is
  split like a person's: the bibliography does not record which names are organisations.
- The venue is the `container-title`, except for books, reports and theses, where it is the
  publisher or institution (`publisher`).
- `issued` is the year as date-parts (or a `literal` date when the year is not a number).
- `DOI` and `URL` are the work's identifiers; an arXiv work without a URL gets its abstract
  page as `URL`.
"""

from __future__ import annotations

import json
import re

from kb.link.graph import Graph
from kb.model import Work
from kb.project import Project

TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "manual": "report",
    "unpublished": "manuscript",
}
# CSL types whose venue is who published them, not what they appeared in.
_PUBLISHED_BY = frozenset({"book", "report", "thesis"})
_YEAR = re.compile(r"\d{1,4}")


def csl_type(work: Work) -> str:
    """The CSL type of a work, from its BibTeX entry type."""
    if work.entry_type in TYPES:
        return TYPES[work.entry_type]
    if work.arxiv:
        return "article"
    if work.url:
        return "webpage"
    return "document"


def csl_name(name: str) -> dict[str, str]:
    """A display name ("Given Family") as a CSL name; one word stays whole."""
    given, _, family = name.strip().rpartition(" ")
    if not given:
        return {"literal": family}
    return {"family": family, "given": given}


def csl_item(work: Work) -> dict:
    """One work as a CSL-JSON item."""
    item: dict = {"id": work.key, "type": csl_type(work), "title": work.title}
    if work.authors:
        item["author"] = [csl_name(name) for name in work.authors]
    if work.year:
        if _YEAR.fullmatch(work.year):
            item["issued"] = {"date-parts": [[int(work.year)]]}
        else:
            item["issued"] = {"literal": work.year}
    if work.venue:
        item["publisher" if item["type"] in _PUBLISHED_BY else "container-title"] = work.venue
    if work.doi:
        item["DOI"] = work.doi
    if work.url or work.arxiv_url:
        item["URL"] = work.url or work.arxiv_url
    return item


def to_csl_json(graph: Graph, project: Project) -> str:
    """Every work of the bibliography as a CSL-JSON array, in the bibliography's order."""
    items = [csl_item(work) for work in graph.works.values()]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
