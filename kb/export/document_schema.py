"""A JSON Schema (draft 2020-12) of `/kb.json`, the document `kb.export.kb_json` writes.

Published beside the data so that people who build on it know each field's type and meaning,
and can check their copy, without reading our code. The tests validate the real export of the
shipped knowledge base against it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from kb.addresses import DOCUMENT_SCHEMA
from kb.check.schema import ID_PATTERN
from kb.export.kb_json import SCHEMA_VERSION
from kb.link.graph import RELATION_FIELDS
from kb.link.status import CONTESTED, STANDING, STATUS_LABELS, UNDECIDED
from kb.model import ENTRY_TYPES, OUTCOMES, RELATIONS, STATUSES, UNDERCUTS
from kb.project import Project

SCHEMA_URL = DOCUMENT_SCHEMA


def _object(
    properties: dict[str, dict], description: str, required: tuple[str, ...] | None = None
) -> dict:
    """An object of exactly these properties; all required unless `required` names some."""
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties) if required is None else list(required),
        "properties": properties,
    }


def _text(description: str) -> dict:
    return {"type": "string", "description": description}


def _optional_text(description: str) -> dict:
    return {"type": ["string", "null"], "description": description}


def _probability(description: str) -> dict:
    return {"type": "number", "minimum": 0, "maximum": 1, "description": description}


def _optional_number(description: str) -> dict:
    return {"type": ["number", "null"], "description": description}


def _list(items: dict, description: str) -> dict:
    return {"type": "array", "items": items, "description": description}


def _id(description: str) -> dict:
    return {"type": "string", "pattern": ID_PATTERN.pattern, "description": description}


def _address(description: str) -> dict:
    return {"type": "string", "format": "uri-reference", "description": description}


def _entry() -> dict:
    relation_ids = {
        name: _list(
            _id("An entry id or former id."),
            f"The ids named in the entry's `{name}` field, as written (a former id may appear).",
        )
        for name in RELATION_FIELDS
    }
    return _object(
        {
            "id": _id("The entry's permanent id."),
            "type": {"enum": list(ENTRY_TYPES), "description": "What kind of entry it is."},
            "title": _text("The entry's title, plain text."),
            "summary": _text("The statement itself, plain text."),
            "url": _address("The entry's permanent address."),
            "status": {"enum": list(STATUSES), "description": "Whether the entry is withdrawn."},
            "argument_status": {
                "enum": [*STATUS_LABELS, None],
                "description": "Where the entry stands under grounded semantics over 'opposes': "
                "standing, contested, undecided or withdrawn; null for questions.",
            },
            "superseded_by": {
                "anyOf": [_id("The entry that replaces a withdrawn one."), {"type": "null"}],
                "description": "The id of the entry that replaces this one, if it is withdrawn.",
            },
            "aliases": _list(_id("A former id."), "Former ids; their addresses redirect here."),
            "tags": _list(_id("A tag."), "Lower-case hyphenated tags."),
            **relation_ids,
            "undercuts": _list(
                _object(
                    {
                        "premise": _id("The supporting entry, as written."),
                        "conclusion": _id("The supported entry, as written."),
                    },
                    "An inference the entry attacks: the `supports` edge premise -> conclusion.",
                ),
                "The entry's `undercuts` field, as written (contract v2).",
            ),
            "held_by": _list(
                _object(
                    {
                        "who": _id("The person or organisation, as written."),
                        "source": _text("The key of the work where they said it."),
                        "locator": _optional_text("Where in the work."),
                        "quote": _optional_text("Their words, one sentence at most."),
                        "date": _optional_text("When: YYYY, YYYY-MM or YYYY-MM-DD."),
                        "credence": {
                            **_probability("How strongly they hold it, as a probability."),
                            "type": ["number", "null"],
                        },
                        "hedge": _optional_text("How strongly, in their words."),
                        "note": _optional_text("Why an apparent contradiction is none."),
                    },
                    "An attribution: who holds the entry, and where they said it.",
                ),
                "The entry's `held_by` field, as written (contract v2).",
            ),
            "by": {
                "anyOf": [_id("The forecaster, as written."), {"type": "null"}],
                "description": "For a forecast set: who made it; null otherwise.",
            },
            "made": _optional_text("For a forecast set: when it was made; null otherwise."),
            "forecasts": _list(
                _object(
                    {
                        "id": _id("The forecast's id within its set."),
                        "statement": _text("What will happen."),
                        "deadline": _optional_text("By when."),
                        "probability": _probability("The probability given."),
                    },
                    "One forecast of a set.",
                ),
                "A forecast set's forecasts; empty for other entries.",
            ),
            "resolutions": _list(
                _object(
                    {
                        "forecast": _text("The id of the forecast resolved."),
                        "outcome": {"enum": list(OUTCOMES), "description": "How it turned out."},
                        "date": _text("When it was settled."),
                        "source": _text("The key of the work that settles it."),
                        "locator": _optional_text("Where in the work."),
                    },
                    "How one forecast of the set turned out.",
                ),
                "A forecast set's resolutions; empty for other entries.",
            ),
            "unrecorded": {
                "anyOf": [
                    _object(
                        {
                            "count": {"type": "integer", "description": "How many."},
                            "probability": {
                                "type": "number",
                                "minimum": 0,
                                "description": "The sum of their probabilities.",
                            },
                            "happened": {"type": "integer", "description": "How many happened."},
                            "source": _text("The key of the work that establishes the sums."),
                            "locator": _optional_text("Where in the work."),
                        },
                        "Forecasts of the set its record cannot list one by one.",
                    ),
                    {"type": "null"},
                ],
                "description": "A forecast set's unrecorded forecasts; null if none or another "
                "entry.",
            },
            "scores": {
                "anyOf": [
                    _object(
                        {
                            "count": {"type": "integer", "description": "Forecasts."},
                            "resolved": {"type": "integer", "description": "Resolved yes or no."},
                            "open": {"type": "integer", "description": "Not resolved."},
                            "hits": {"type": "integer", "description": "Resolved yes."},
                            "expected": {"type": "number", "description": "Sum of probabilities."},
                            "linear": _optional_number("Sum of 1 - p (happened) and -p (did not)."),
                            "brier": _optional_number("Mean squared error of the probabilities."),
                            "log": _optional_number("Mean natural log score; null if -infinity."),
                            "unrecorded": {
                                "type": "integer",
                                "description": "Forecasts known by sums only: counted, and in "
                                "the linear score, not in Brier or log.",
                            },
                        },
                        "The set's scores (kb.link.forecasts).",
                    ),
                    {"type": "null"},
                ],
                "description": "A forecast set's scores; null for other entries.",
            },
            "sources": _list(
                _object(
                    {
                        "key": _text("The work's key in the bibliography."),
                        "locator": _optional_text('Where in the work, e.g. "sec. 4".'),
                        "relation": {"enum": list(RELATIONS), "description": "How it is used."},
                    },
                    "A work the entry relies on, as its `sources` field names it.",
                ),
                "The entry's `sources` field.",
            ),
            "references": _list(
                _object(
                    {
                        "number": {"type": "integer", "minimum": 1, "description": "Its number."},
                        "key": _text("The work's key (see `references`)."),
                        "relation": {"enum": list(RELATIONS), "description": "How it is used."},
                        "locators": _list(_text("A locator."), "Where in the work it is cited."),
                    },
                    "One item of the entry's numbered reference list.",
                ),
                "The numbered references: body citations in order, then the other sources.",
            ),
            "body": _text("The entry's Markdown body, with citations and cross-links as written."),
        },
        "A claim, counterargument or question.",
    )


def _reference() -> dict:
    return _object(
        {
            "key": _text("The work's key in references.bib."),
            "type": _text("The BibTeX entry type, lower-cased."),
            "title": _text("The title, LaTeX decoded."),
            "authors": _list(_text("A name, given names first."), "Authors or editors."),
            "year": _text("The year, as written."),
            "venue": _text("Journal, proceedings, publisher or institution; may be empty."),
            "doi": _optional_text("The DOI, without a resolver prefix."),
            "arxiv": _optional_text("The arXiv id."),
            "url": _optional_text("The work's URL."),
            "page": _address("The work's page on this site."),
            "cited_by": {
                "type": "object",
                "description": "The ids of the entries citing the work, by relation.",
                "propertyNames": {"enum": list(RELATIONS)},
                "additionalProperties": _list(_id("An entry id."), "Citing entries."),
            },
        },
        "A work cited by the knowledge base.",
    )


def document_schema(project: Project) -> dict:
    """The JSON Schema of the `/kb.json` document of `project`."""
    relation = _object(
        {
            "source": _id("The id of the entry declaring the relation."),
            "relation": {
                "enum": [*RELATION_FIELDS, UNDERCUTS],
                "description": "The kind of relation.",
            },
            "target": _id(
                "The id of the entry it points at (former ids resolved); for an undercut, the "
                "conclusion of the inference it attacks."
            ),
            "premise": _id("For an undercut: the supporting entry of the inference it attacks."),
            "inference_status": {
                "enum": [STANDING, CONTESTED, UNDECIDED],
                "description": "For an undercut: where the inference stands (kb.link.status).",
            },
        },
        "A relation between two current entries; an undercut between an entry and the "
        "inference from `premise` to `target`.",
        required=("source", "relation", "target"),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": project.absolute_url(SCHEMA_URL),
        "title": f"{project.site_name}: the knowledge base as data (kb.json)",
        **_object(
            {
                "schema_version": {
                    "const": SCHEMA_VERSION,
                    "description": "The version of this document's layout.",
                },
                "site_name": _text("The site's name."),
                "site_url": _text("Where the site is published; empty if unknown."),
                "entries": _list(_entry(), "Every entry, withdrawn ones included, by id."),
                "relations": _list(relation, "Every relation, with former ids resolved."),
                "aliases": {
                    "type": "object",
                    "description": "Each former id and the id of the entry it now names.",
                    "propertyNames": {"pattern": ID_PATTERN.pattern},
                    "additionalProperties": _id("The current id."),
                },
                "references": _list(_reference(), "Every work in the bibliography."),
            },
            "The whole knowledge base: entries, relations, aliases and cited works.",
        ),
    }
