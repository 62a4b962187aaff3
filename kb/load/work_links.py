"""A work's addresses, from the BibTeX fields that hold them: `doi`, `eprint`, `url`, ....

Exports write addresses in many ways: `doi = {https://doi.org/10...}` or `{doi:10...}`, an
arXiv `eprint` with `archivePrefix` (BibTeX) or `eprinttype` (biblatex), several URLs in one
`url` field (Mendeley, Papers), `www.example.org` without a scheme, `howpublished =
{\\url{...}}`. Each becomes at most one DOI, one arXiv id and one URL, and every address the
site would link is judged by its one link policy (`kb.addresses.link_problem`): a refused
address is reported where it is written and never becomes a link.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kb.addresses import link_problem

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DOI = re.compile(r"10[./]\S+")
_ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_OLD_NUMBER = re.compile(r"\d{7}(?:v\d+)?")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+(?:/\d{7})?)", re.I)
_ARXIV_IN_TEXT = re.compile(r"\barxiv[:\s]+(\d{4}\.\d{4,5})", re.I)
_VERSION = re.compile(r"(?:v\d+)?(?:\.pdf)?$")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NEXT_ADDRESS = re.compile(r"\s+(?=[A-Za-z][A-Za-z0-9+.-]*:|www\.)")
_HOST_LIKE = re.compile(r"(?:www\.|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/|$))", re.I)


class Links(NamedTuple):
    doi: str | None
    arxiv: str | None
    url: str | None


class LinkProblem(NamedTuple):
    """A refused (`error`) or unusable (`warning`) address, in the field that holds it."""

    field: str
    message: str
    error: bool


def work_links(fields: dict[str, object]) -> tuple[Links, list[LinkProblem]]:
    """The DOI, arXiv id and URL of a work from its (verbatim) identifier fields."""
    problems: list[LinkProblem] = []
    doi = _doi(_text(fields.get("doi")), problems)
    url = _url("url", _text(fields.get("url")), problems)
    howpublished = _text(fields.get("howpublished"))
    if url is None and is_address(howpublished):
        url = _url("howpublished", howpublished, problems)
    arxiv = _arxiv(fields, url, problems)
    return Links(doi, arxiv, url), problems


def is_address(text: str) -> bool:
    """Whether a text field (`howpublished`) holds addresses rather than a venue: words that
    start with a scheme (`https:`, but not the `arXiv:` or `doi:` of an identifier) or `www.`."""
    words = text.split()
    return bool(words) and all(
        word.lower().startswith("www.")
        or (_SCHEME.match(word) and not word.lower().startswith(("arxiv:", "doi:")))
        for word in words
    )


def _doi(value: str, problems: list[LinkProblem]) -> str | None:
    if not value:
        return None
    doi = _DOI_PREFIX.sub("", value).split()[0] if _DOI_PREFIX.sub("", value) else ""
    if not _DOI.fullmatch(doi):
        problems.append(
            LinkProblem(
                "doi", f"'{value}' is not a DOI (10.prefix/suffix); it is not linked", False
            )
        )
        return None
    problem = link_problem(f"https://doi.org/{doi}", allow_relative=False)
    if problem:
        problems.append(LinkProblem("doi", f"'{value}' cannot be linked: {problem}", True))
        return None
    return doi


def _url(name: str, value: str, problems: list[LinkProblem]) -> str | None:
    """The first usable address of a field that may hold several, separated by spaces.

    A space not followed by a new address is inside one (Mendeley keeps file names with
    spaces as they are), and is percent-encoded."""
    found = None
    for candidate in _NEXT_ADDRESS.split(value.strip()):
        candidate = "%20".join(candidate.split()).strip("\"'<>")
        if not candidate:
            continue
        if _SCHEME.match(candidate) is None and _HOST_LIKE.match(candidate):
            candidate = "https://" + candidate
        problem = link_problem(candidate, allow_relative=False)
        if problem is None:
            found = found or candidate
        elif _SCHEME.match(candidate):
            problems.append(LinkProblem(name, f"'{candidate}' is refused: {problem}", True))
        else:
            problems.append(
                LinkProblem(name, f"'{candidate}' is not an address; it is not linked", False)
            )
    return found


def _arxiv(fields: dict[str, object], url: str | None, problems: list[LinkProblem]) -> str | None:
    # biblatex's `eprinttype` first: Zotero writes `archivePrefix = {arXiv}` beside a PubMed id.
    prefix = (_text(fields.get("eprinttype")) or _text(fields.get("archiveprefix"))).lower()
    eprint = _text(fields.get("arxivid")) or _text(fields.get("eprint"))  # Mendeley: arxivId
    if prefix == "arxiv" and eprint:
        identifier = re.sub(r"^arxiv:", "", eprint, flags=re.I).strip()
        category = _text(fields.get("primaryclass")) or _text(fields.get("eprintclass"))
        if _OLD_NUMBER.fullmatch(identifier) and category:
            identifier = f"{category.split('.')[0]}/{identifier}"  # before 2007: quant-ph/9605043
        if _ARXIV_ID.fullmatch(identifier):
            return _VERSION.sub("", identifier)
        match = _ARXIV_URL.search(identifier)
        if match:
            return _VERSION.sub("", match.group(1))
        problems.append(
            LinkProblem("eprint", f"'{eprint}' is not an arXiv identifier; it is not linked", False)
        )
        return None
    if url and (match := _ARXIV_URL.search(url)):
        return _VERSION.sub("", match.group(1))
    for name in ("journal", "journaltitle", "howpublished", "note"):
        text = fields.get(name)
        if isinstance(text, str) and (match := _ARXIV_IN_TEXT.search(text)):
            return match.group(1)
    return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
