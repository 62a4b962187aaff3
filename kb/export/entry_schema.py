"""A JSON Schema of an entry's front matter, generated from the engine's field table, so
editors can check entries as they are typed and cannot drift from `kb check`."""

from __future__ import annotations

from kb.addresses import ENTRY_SCHEMA
from kb.check.schema import (
    DATE_PATTERN,
    FIELDS,
    HEDGE_MAX,
    ID_MAX,
    ID_MIN,
    ID_PATTERN,
    LOCATOR_MAX,
    NOTE_MAX,
    QUOTE_MAX,
    STATEMENT_MAX,
    UNDERCUT_FIELDS,
    FieldSpec,
)
from kb.model import ENTRY_TYPES, OUTCOMES, RELATIONS
from kb.project import Project

SCHEMA_URL = ENTRY_SCHEMA


def _id_schema(description: str) -> dict:
    return {
        "type": "string",
        "pattern": ID_PATTERN.pattern,
        "minLength": ID_MIN,
        "maxLength": ID_MAX,
        "description": description,
    }


def _record(description: str | None, required: list[str], properties: dict) -> dict:
    """A closed object: only the properties named, these required."""
    record = {"type": "object", "additionalProperties": False}
    if description is not None:
        record["description"] = description
    return {**record, "required": required, "properties": properties}


def _records(description: str, required: list[str], properties: dict) -> dict:
    """A list of closed objects, as the fields that hold one record per item are."""
    return {
        "type": "array",
        "description": description,
        "items": _record(None, required, properties),
    }


def _property(spec: FieldSpec) -> dict:
    if spec.kind == "text":
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": spec.max_length,
            "description": spec.description,
        }
    if spec.kind == "choice":
        return {"enum": list(spec.choices), "description": spec.description}
    if spec.kind == "id":
        return _id_schema(spec.description)
    if spec.kind == "tags":
        return {
            "type": "array",
            "items": {"type": "string", "pattern": ID_PATTERN.pattern},
            "description": spec.description,
        }
    if spec.kind == "ids":
        return {
            "type": "array",
            "items": _id_schema("An entry id."),
            "description": spec.description,
        }
    if spec.kind == "date":
        return {"type": "string", "pattern": DATE_PATTERN.pattern, "description": spec.description}
    if spec.kind == "forecasts":
        return _records(
            spec.description,
            ["id", "statement", "probability"],
            {
                "id": _id_schema("The forecast's id, unique within the set."),
                "statement": {"type": "string", "minLength": 1, "maxLength": STATEMENT_MAX},
                "probability": {"type": "number", "minimum": 0, "maximum": 1},
                "deadline": {"type": "string", "pattern": DATE_PATTERN.pattern},
            },
        )
    if spec.kind == "resolutions":
        return _records(
            spec.description,
            ["forecast", "outcome", "date", "source"],
            {
                "forecast": _id_schema("The id of a forecast of the set."),
                # A bare yes or no is a YAML 1.1 boolean, read as the outcome it says.
                "outcome": {"enum": [*OUTCOMES, True, False]},
                "date": {"type": "string", "pattern": DATE_PATTERN.pattern},
                "source": {"type": "string", "minLength": 1},
                "locator": {"type": "string", "maxLength": LOCATOR_MAX},
            },
        )
    if spec.kind == "unrecorded":
        return _record(
            spec.description,
            ["count", "probability", "happened", "source"],
            {
                "count": {"type": "integer", "minimum": 1},
                "probability": {"type": "number", "minimum": 0},
                "happened": {"type": "integer", "minimum": 0},
                "source": {"type": "string", "minLength": 1},
                "locator": {"type": "string", "maxLength": LOCATOR_MAX},
            },
        )
    if spec.kind == "attributions":
        text = {"type": "string", "minLength": 1}
        return _records(
            spec.description,
            ["who", "source"],
            {
                "who": _id_schema("The id of a person or organisation."),
                "source": {**text, "description": "The key of the work where they said it."},
                "locator": {"type": "string", "maxLength": LOCATOR_MAX},
                "quote": {**text, "maxLength": QUOTE_MAX, "description": "One sentence."},
                "date": {
                    "type": "string",
                    "pattern": DATE_PATTERN.pattern,
                    "description": "YYYY, YYYY-MM or YYYY-MM-DD.",
                },
                "credence": {"type": "number", "minimum": 0, "maximum": 1},
                "hedge": {**text, "maxLength": HEDGE_MAX},
                "note": {**text, "maxLength": NOTE_MAX},
            },
        )
    if spec.kind == "undercuts":
        return _records(
            spec.description,
            list(UNDERCUT_FIELDS),
            {
                "premise": _id_schema("The entry whose `supports` step is attacked."),
                "conclusion": _id_schema("The entry it supports."),
            },
        )
    return _records(
        spec.description,
        ["key"],
        {
            "key": {
                "type": "string",
                "minLength": 1,
                "description": "The work's key in references.bib.",
            },
            "locator": {
                "type": "string",
                "maxLength": LOCATOR_MAX,
                "description": 'Where in the work, e.g. "sec. 4".',
            },
            "relation": {
                "enum": list(RELATIONS),
                "description": "How the entry uses the work (default background).",
            },
        },
    )


def _fields_by_type() -> list[dict]:
    """The fields some types may not have (`field-not-for-type`)."""
    rules = []
    for spec in FIELDS:
        others = [t for t in ENTRY_TYPES if t not in spec.types]
        if others:
            rules.append(
                {
                    "if": {"properties": {"type": {"enum": others}}, "required": ["type"]},
                    "then": {"not": {"required": [spec.name]}},
                }
            )
    return rules


def entry_schema(project: Project) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": project.absolute_url(SCHEMA_URL),
        "title": f"{project.site_name}: front matter of an entry",
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in FIELDS if spec.required],
        "properties": {spec.name: _property(spec) for spec in FIELDS},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": "counterargument"}}, "required": ["type"]},
                "then": {"required": ["opposes"], "properties": {"opposes": {"minItems": 1}}},
            },
            *_fields_by_type(),
            {
                "if": {"properties": {"status": {"const": "withdrawn"}}, "required": ["status"]},
                "then": {"required": ["superseded_by"]},
                "else": {"not": {"required": ["superseded_by"]}},
            },
        ],
    }
