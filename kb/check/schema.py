"""The entry schema: every front-matter field, its type and rules, and the conversion of a
parsed front matter into an `Entry`.

The field table is the single description of an entry; the checker, the documentation and
the JSON Schema for editors all derive from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.check.codes import report
from kb.check.suggest import did_you_mean
from kb.diagnostics import Diagnostic, Position
from kb.load.body import read_body
from kb.load.encoding import hidden_character
from kb.load.entries import RawEntry
from kb.load.yamltree import Node
from kb.model import (
    ARGUMENT_TYPES,
    DEBATE_TYPES,
    ENTRY_TYPES,
    FOLDER_OF_TYPE,
    OUTCOMES,
    RELATIONS,
    STATUSES,
    Attribution,
    Entry,
    Forecast,
    Resolution,
    Source,
    Undercut,
    Unrecorded,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MIN, ID_MAX = 3, 80


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | id | ids | tags | sources | undercuts | attributions | choice
    required: bool
    description: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    # The entry types that may have the field (contract v2: people hold no relations).
    types: tuple[str, ...] = ENTRY_TYPES


_DEBATE_TYPES = DEBATE_TYPES
_DEFAULT_TYPE = {"questions": "question", "people": "person", "forecasts": "forecast-set"}
_FORECAST_SET_HELP = {
    "by": ": the id of the person or organisation who made the forecasts",
    "made": ": the date they were made",
    "forecasts": ": the list of predictions",
    "sources": ": the work where the forecasts were published",
}


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "id", True, "Permanent identifier, equal to the file name without `.md`."),
    FieldSpec(
        "type",
        "choice",
        True,
        "`claim` or `counterargument` under `content/claims/`; "
        "`question` under `content/questions/`.",
        choices=ENTRY_TYPES,
    ),
    FieldSpec("title", "text", True, "Plain-text title that states the claim.", max_length=160),
    FieldSpec("summary", "text", True, "The statement itself, in plain text.", max_length=600),
    FieldSpec("tags", "tags", False, "Topic tags: lower-case words joined by hyphens."),
    FieldSpec(
        "supports",
        "ids",
        False,
        "Entries this entry gives reason to accept.",
        types=_DEBATE_TYPES,
    ),
    FieldSpec(
        "opposes",
        "ids",
        False,
        "Entries this entry gives reason to reject; required and non-empty for a counterargument.",
        types=_DEBATE_TYPES,
    ),
    FieldSpec(
        "answers",
        "ids",
        False,
        "Questions on which this entry takes a position.",
        types=_DEBATE_TYPES,
    ),
    FieldSpec(
        "qualifies",
        "ids",
        False,
        "Entries this entry accepts while limiting what they show (a concession, not an attack).",
        types=_DEBATE_TYPES,
    ),
    FieldSpec(
        "undercuts",
        "undercuts",
        False,
        "Inferences this entry attacks, each `{premise: id, conclusion: id}`: the step by which "
        "the premise entry `supports` the conclusion entry, leaving both statements alone.",
        types=_DEBATE_TYPES,
    ),
    FieldSpec(
        "held_by",
        "attributions",
        False,
        "Who holds the claim: each `{who: person-id, source: bib-key, locator?, quote?, date?, "
        "credence? (0 to 1) or hedge?, note?}`. Every attribution names the work it is from.",
        types=ARGUMENT_TYPES,
    ),
    FieldSpec(
        "by",
        "id",
        False,
        "For a forecast set: the id of the person or organisation who made the forecasts.",
        types=("forecast-set",),
    ),
    FieldSpec(
        "made",
        "date",
        False,
        "For a forecast set: when the forecasts were made (YYYY, YYYY-MM or YYYY-MM-DD).",
        types=("forecast-set",),
    ),
    FieldSpec(
        "forecasts",
        "forecasts",
        False,
        "For a forecast set: each `{id, statement, probability, deadline?}`.",
        types=("forecast-set",),
    ),
    FieldSpec(
        "resolutions",
        "resolutions",
        False,
        "For a forecast set: each `{forecast: id, outcome: yes|no|ambiguous, date, source, "
        "locator?}`: how a forecast turned out, and the work that settles it.",
        types=("forecast-set",),
    ),
    FieldSpec(
        "unrecorded",
        "unrecorded",
        False,
        "For a forecast set whose source text is partly unavailable: `{count, probability, "
        "happened, source, locator?}`, the forecasts it cannot list one by one, with the sum of "
        "their probabilities and how many happened, as the work `source` establishes.",
        types=("forecast-set",),
    ),
    FieldSpec("sources", "sources", False, "Works from `references.bib` that the entry relies on."),
    FieldSpec("aliases", "ids", False, "Former ids of this entry; their addresses keep working."),
    FieldSpec("status", "choice", False, "`active` (default) or `withdrawn`.", choices=STATUSES),
    FieldSpec("superseded_by", "id", False, "For a withdrawn entry: the id of its replacement."),
)
FIELD_NAMES = tuple(spec.name for spec in FIELDS)
_SPECS = {spec.name: spec for spec in FIELDS}
_REQUIRED = tuple(spec.name for spec in FIELDS if spec.required)
SOURCE_FIELDS = ("key", "locator", "relation")
UNDERCUT_FIELDS = ("premise", "conclusion")
FORECAST_FIELDS = ("id", "statement", "probability", "deadline")
RESOLUTION_FIELDS = ("forecast", "outcome", "date", "source", "locator")
UNRECORDED_FIELDS = ("count", "probability", "happened", "source", "locator")
STATEMENT_MAX = 300
# A forecast set needs these besides the fields every entry needs.
FORECAST_SET_REQUIRED = ("by", "made", "forecasts", "sources")
ATTRIBUTION_FIELDS = ("who", "source", "locator", "quote", "date", "credence", "hedge", "note")
QUOTE_MAX, HEDGE_MAX, NOTE_MAX = 300, 80, 300
DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# A second sentence: an end of sentence followed by a capitalised word (`e.g. this` is one).
_SECOND_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(]*[A-Z]")
LOCATOR_MAX = 100
# What `kb new` writes for the contributor to replace: left as it is, it fails the check.
PLACEHOLDER_SUMMARY = (
    "State the claim in one or two plain sentences a reader can agree or disagree with."
)
PLACEHOLDER_BODY = (
    "Replace this paragraph with the reasoning: what supports the statement, what it relies on,",
    "Delete this block before publishing: it shows the forms a body may use.",
)


def is_valid_id(value: str) -> bool:
    return ID_MIN <= len(value) <= ID_MAX and bool(ID_PATTERN.match(value))


def to_entry(raw: RawEntry, *, tokens: bool = True) -> tuple[Entry, list[Diagnostic]]:
    """Check the front matter against the schema and build the entry from what is valid.

    An entry is always returned, so graph checks still run over a partly broken file;
    fields with errors are left at their defaults. Without `tokens` (a run that renders
    nothing), the entry keeps no token stream of its body.
    """
    reader = _Reader(raw.path)
    values: dict[str, object] = {}
    positions: dict[str, tuple[int, int]] = {}
    present: dict[str, Node] = {}
    for key, value in raw.front.value:  # type: ignore[union-attr]
        if key.kind != "scalar" or key.tag != "str":
            reader.fail("wrong-type", key.position, "field names must be plain words")
            continue
        if key.value not in _SPECS:
            reader.fail(
                "unknown-field",
                key.position,
                f"unknown field '{key.value}'" + did_you_mean(key.value, FIELD_NAMES),
            )
            continue
        present[key.value] = value  # type: ignore[index]
    for name, node in present.items():
        positions[name] = (node.line, node.col)
        converted = reader.read(_SPECS[name], node, positions)
        if converted is not None:
            values[name] = converted

    front_position = raw.front.position
    for name in _REQUIRED:
        if name not in present:
            reader.fail("missing-field", front_position, f"required field '{name}' is missing")

    entry_id = values.get("id") or raw.stem
    if "id" in values and values["id"] != raw.stem:
        reader.fail(
            "id-mismatch",
            Position(raw.path, *positions["id"]),
            f"id '{values['id']}' differs from the file name '{raw.stem}.md'",
        )
    entry_type = values.get("type") or _DEFAULT_TYPE.get(raw.folder, "claim")
    for name in present:
        spec = _SPECS[name]
        if entry_type not in spec.types:
            reader.fail(
                "field-not-for-type",
                present[name].position,
                f"a {entry_type} has no '{spec.name}' field; it is for a "
                + " or ".join((", ".join(spec.types[:-1]), spec.types[-1])).lstrip(" or"),
            )
            values.pop(spec.name, None)
    if entry_type == "forecast-set":
        for name in FORECAST_SET_REQUIRED:
            if name not in present or (name in values and not values[name]):
                reader.fail(
                    "missing-field",
                    front_position,
                    f"a forecast set needs '{name}'" + _FORECAST_SET_HELP[name],
                )
    if "type" in values and FOLDER_OF_TYPE[entry_type] != raw.folder:  # type: ignore[index]
        reader.fail(
            "type-folder",
            Position(raw.path, *positions["type"]),
            f"a {entry_type} belongs in content/{FOLDER_OF_TYPE[entry_type]}/, "  # type: ignore[index]
            f"not content/{raw.folder}/",
        )
    if entry_type == "counterargument" and not values.get("opposes") and "opposes" not in present:
        reader.fail(
            "missing-field",
            front_position,
            "a counterargument needs 'opposes': the ids of the entries it argues against",
        )
    elif entry_type == "counterargument" and "opposes" in values and not values["opposes"]:
        reader.fail(
            "missing-field",
            Position(raw.path, *positions["opposes"]),
            "a counterargument must oppose at least one entry",
        )
    status = values.get("status", "active")
    if status == "withdrawn" and not values.get("superseded_by"):
        reader.fail(
            "withdrawn-without-replacement",
            Position(raw.path, *positions["status"]) if "status" in positions else front_position,
            "a withdrawn entry needs 'superseded_by': the id of the entry that replaces it",
        )
    if status != "withdrawn" and values.get("superseded_by"):
        reader.fail(
            "withdrawn-without-replacement",
            Position(raw.path, *positions["superseded_by"]),
            "'superseded_by' is only for entries with 'status: withdrawn'",
        )

    if values.get("summary") == PLACEHOLDER_SUMMARY:
        reader.fail(
            "template-placeholder",
            Position(raw.path, *positions["summary"]),
            "the summary is still the text of the template: state the claim",
        )
    for placeholder in PLACEHOLDER_BODY:
        if placeholder in raw.body:
            line = raw.body_line + raw.body[: raw.body.index(placeholder)].count("\n")
            reader.fail(
                "template-placeholder",
                Position(raw.path, line),
                "the body still holds text of the template: replace or delete it",
            )
    facts, problems = read_body(raw.body, raw.path, raw.body_line)
    reader.diagnostics.extend(problems)
    entry = Entry(
        id=str(entry_id),
        type=str(entry_type),
        title=str(values.get("title", entry_id)),
        summary=str(values.get("summary", "")),
        path=raw.path,
        body=raw.body,
        body_line=raw.body_line,
        tokens=facts.tokens if tokens else (),
        tags=values.get("tags", ()),  # type: ignore[arg-type]
        supports=values.get("supports", ()),
        opposes=values.get("opposes", ()),  # type: ignore[arg-type]
        answers=values.get("answers", ()),
        qualifies=values.get("qualifies", ()),
        undercuts=values.get("undercuts", ()),  # type: ignore[arg-type]
        held_by=values.get("held_by", ()),  # type: ignore[arg-type]
        by=values.get("by"),  # type: ignore[arg-type]
        made=values.get("made"),  # type: ignore[arg-type]
        forecasts=values.get("forecasts", ()),  # type: ignore[arg-type]
        resolutions=values.get("resolutions", ()),  # type: ignore[arg-type]
        unrecorded=values.get("unrecorded"),  # type: ignore[arg-type]
        sources=values.get("sources", ()),  # type: ignore[arg-type]
        aliases=values.get("aliases", ()),
        status=str(status),  # type: ignore[arg-type]
        superseded_by=values.get("superseded_by"),  # type: ignore[arg-type]
        citations=facts.citations,
        links=facts.links,
        anchors=facts.anchors,
        positions=positions,
    )
    return entry, reader.diagnostics


class _Reader:
    """Converts field values by kind, collecting diagnostics."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def fail(self, code: str, position: Position, message: str) -> None:
        self.diagnostics.append(report(code, position, message))

    def read(self, spec: FieldSpec, node: Node, positions: dict[str, tuple[int, int]]) -> object:
        if spec.kind == "date":
            return self.date(spec.name, node)
        if spec.kind in ("text", "choice", "id"):
            text = self.text(spec.name, node)
            if text is None:
                return None
            if spec.kind == "text":
                return self.check_text(spec, text, node)
            if spec.kind == "choice" and text not in spec.choices:
                self.fail(
                    "bad-value",
                    node.position,
                    f"'{spec.name}' must be one of "
                    f"{', '.join(spec.choices)}, not '{text}'" + did_you_mean(text, spec.choices),
                )
                return None
            if spec.kind == "id" and not is_valid_id(text):
                self.fail("bad-id", node.position, _bad_id_message(text))
                return None
            return text
        if spec.kind == "unrecorded":
            return self.unrecorded(node)
        items = self.sequence(spec.name, node)
        if items is None:
            return None
        if spec.kind == "sources":
            return self.sources(items, positions)
        if spec.kind == "undercuts":
            return self.undercuts(items, positions)
        if spec.kind == "attributions":
            return self.attributions(items, positions)
        if spec.kind == "forecasts":
            return self.forecasts(items)
        if spec.kind == "resolutions":
            return self.resolutions(items)
        result: list[str] = []
        for index, item in enumerate(items):
            text = self.text(f"{spec.name}[{index}]", item)
            if text is None:
                continue
            if spec.kind == "tags" and not ID_PATTERN.match(text):
                self.fail(
                    "bad-tag",
                    item.position,
                    f"tag '{text}' must be lower-case words joined "
                    f"by hyphens, like '{slugify(text)}'",
                )
                continue
            if spec.kind == "ids" and not is_valid_id(text):
                self.fail("bad-id", item.position, _bad_id_message(text))
                continue
            positions[f"{spec.name}[{len(result)}]"] = (item.line, item.col)
            result.append(text)
        return tuple(result)

    def text(self, name: str, node: Node) -> str | None:
        if node.kind != "scalar":
            self.fail(
                "wrong-type",
                node.position,
                f"'{name}' must be text, not a {'list' if node.kind == 'seq' else 'mapping'}",
            )
            return None
        if node.tag != "str":
            if node.tag == "null":
                self.fail("empty-value", node.position, f"'{name}' is empty")
            else:
                self.fail(
                    "yaml-coerced-value",
                    node.position,
                    f"YAML reads '{node.text}' as a {_TAG_NAMES.get(node.tag, node.tag)}, "
                    f'not text; quote it: "{node.text}"',
                )
            return None
        hidden = hidden_character(name, node)
        if hidden is not None:
            self.diagnostics.append(hidden)
            return None
        return node.text

    def check_text(self, spec: FieldSpec, text: str, node: Node) -> str | None:
        flat = " ".join(text.split())
        if not flat:
            self.fail("empty-value", node.position, f"'{spec.name}' is empty")
            return None
        if spec.max_length and len(flat) > spec.max_length:
            self.fail(
                "too-long",
                node.position,
                f"'{spec.name}' has {len(flat)} characters; the limit is {spec.max_length}",
            )
            return None
        return flat

    def sequence(self, name: str, node: Node) -> tuple[Node, ...] | None:
        if node.kind == "seq":
            return node.value  # type: ignore[return-value]
        if node.kind == "scalar" and node.tag == "null":
            return ()
        self.fail("wrong-type", node.position, f"'{name}' must be a list, like {name}: [a, b]")
        return None

    def sources(
        self, items: tuple[Node, ...], positions: dict[str, tuple[int, int]]
    ) -> tuple[Source, ...]:
        result: list[Source] = []
        for index, item in enumerate(items):
            if item.kind != "map":
                self.fail(
                    "wrong-type",
                    item.position,
                    f"sources[{index}] must be a mapping like '- key: doe2021widgets'",
                )
                continue
            fields: dict[str, Node] = {}
            for key, value in item.value:  # type: ignore[union-attr]
                if key.text not in SOURCE_FIELDS:
                    self.fail(
                        "unknown-field",
                        key.position,
                        f"unknown source field '{key.text}'"
                        + did_you_mean(key.text, SOURCE_FIELDS),
                    )
                    continue
                fields[key.text] = value
            if "key" not in fields:
                self.fail("missing-field", item.position, f"sources[{index}] needs a 'key'")
                continue
            key = self.text(f"sources[{index}].key", fields["key"])
            locator = (
                self.text(f"sources[{index}].locator", fields["locator"])
                if "locator" in fields
                else None
            )
            if locator is not None and len(locator) > LOCATOR_MAX:
                self.fail(
                    "too-long",
                    fields["locator"].position,
                    f"locator has {len(locator)} characters; the limit is {LOCATOR_MAX}",
                )
                locator = None
            relation = "background"
            if "relation" in fields:
                value = self.text(f"sources[{index}].relation", fields["relation"])
                if value is not None and value not in RELATIONS:
                    self.fail(
                        "bad-value",
                        fields["relation"].position,
                        f"relation must be one of {', '.join(RELATIONS)}, not '{value}'"
                        + did_you_mean(value, RELATIONS),
                    )
                elif value is not None:
                    relation = value
            if key is None:
                continue
            position = fields["key"].position
            positions[f"sources[{len(result)}]"] = (position.line, position.col)
            result.append(Source(key, locator, relation, position))
        return tuple(result)

    def undercuts(
        self, items: tuple[Node, ...], positions: dict[str, tuple[int, int]]
    ) -> tuple[Undercut, ...]:
        result: list[Undercut] = []
        for index, item in enumerate(items):
            name = f"undercuts[{index}]"
            if item.kind != "map":
                self.fail(
                    "wrong-type",
                    item.position,
                    f"{name} must be a mapping like '- {{premise: a-claim, conclusion: b-claim}}'",
                )
                continue
            fields: dict[str, Node] = {}
            for key, value in item.value:  # type: ignore[union-attr]
                if key.text not in UNDERCUT_FIELDS:
                    self.fail(
                        "unknown-field",
                        key.position,
                        f"unknown undercut field '{key.text}'"
                        + did_you_mean(key.text, UNDERCUT_FIELDS),
                    )
                    continue
                fields[key.text] = value
            ids: dict[str, str] = {}
            for part in UNDERCUT_FIELDS:
                if part not in fields:
                    self.fail(
                        "missing-field",
                        item.position,
                        f"{name} needs a '{part}': an undercut names the supporting entry "
                        "(premise) and the entry it supports (conclusion)",
                    )
                    continue
                text = self.text(f"{name}.{part}", fields[part])
                if text is not None and not is_valid_id(text):
                    self.fail("bad-id", fields[part].position, _bad_id_message(text))
                elif text is not None:
                    ids[part] = text
            if len(ids) < len(UNDERCUT_FIELDS):
                continue
            positions[f"undercuts[{len(result)}]"] = (item.line, item.col)
            result.append(Undercut(ids["premise"], ids["conclusion"], item.position))
        return tuple(result)

    def mapping(self, name: str, item: Node, names: tuple[str, ...], example: str) -> dict:
        """The fields of a list item that must be a mapping of `names`; {} when it is not."""
        if item.kind != "map":
            self.fail("wrong-type", item.position, f"{name} must be a mapping like '{example}'")
            return {}
        fields: dict[str, Node] = {}
        for key, value in item.value:  # type: ignore[union-attr]
            if key.text not in names:
                self.fail(
                    "unknown-field",
                    key.position,
                    f"unknown field '{key.text}' in {name}" + did_you_mean(key.text, names),
                )
                continue
            fields[key.text] = value
        return fields

    def date(self, name: str, node: Node) -> str | None:
        """An ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, quoted or not."""
        if node.kind == "scalar" and node.tag == "timestamp":
            text = node.text
        elif node.kind == "scalar" and node.tag == "int" and len(node.text) == 4:
            text = node.text  # `date: 2024`: a year
        else:
            text = self.text(name, node)
            if text is None:
                return None
        if not DATE_PATTERN.match(text):
            self.fail(
                "bad-value",
                node.position,
                f"'{name}' must be a date like 2024-03-01, 2024-03 or 2024, not '{text}'",
            )
            return None
        return text

    def number(self, name: str, node: Node) -> float | None:
        if node.kind != "scalar" or node.tag not in ("int", "float"):
            self.fail("wrong-type", node.position, f"'{name}' must be a number, like 0.6")
            return None
        try:
            return float(node.text)
        except ValueError:  # `.inf`, `.nan`
            self.fail("wrong-type", node.position, f"'{name}' must be a number, like 0.6")
            return None

    def probability(self, name: str, node: Node) -> float | None:
        value = self.number(name, node)
        if value is not None and not 0 <= value <= 1:
            self.fail(
                "credence-out-of-range",
                node.position,
                f"'{name}' is {node.text}; a probability is between 0 and 1 (write 80% as 0.8)",
            )
            return None
        return value

    def bounded_text(self, name: str, node: Node, limit: int) -> str | None:
        text = self.text(name, node)
        if text is None:
            return None
        flat = " ".join(text.split())
        if not flat:
            self.fail("empty-value", node.position, f"'{name}' is empty")
            return None
        if len(flat) > limit:
            self.fail(
                "too-long",
                node.position,
                f"'{name}' has {len(flat)} characters; the limit is {limit}",
            )
            return None
        return flat

    def attributions(
        self, items: tuple[Node, ...], positions: dict[str, tuple[int, int]]
    ) -> tuple[Attribution, ...]:
        result: list[Attribution] = []
        for index, item in enumerate(items):
            name = f"held_by[{index}]"
            fields = self.mapping(
                name, item, ATTRIBUTION_FIELDS, "- {who: a-person, source: bibkey2024}"
            )
            if not fields:
                if item.kind == "map":
                    self.fail("missing-field", item.position, f"{name} needs 'who' and 'source'")
                continue
            who = self.text(f"{name}.who", fields["who"]) if "who" in fields else None
            if "who" not in fields:
                self.fail("missing-field", item.position, f"{name} needs 'who': the id of a person")
            elif who is not None and not is_valid_id(who):
                self.fail("bad-id", fields["who"].position, _bad_id_message(who))
                who = None
            if "source" not in fields:
                self.fail(
                    "attribution-without-source",
                    item.position,
                    f"{name} names no 'source': say in which work of references.bib "
                    f"{who or 'they'} said it",
                )
                continue
            source = self.text(f"{name}.source", fields["source"])
            locator = (
                self.bounded_text(f"{name}.locator", fields["locator"], LOCATOR_MAX)
                if "locator" in fields
                else None
            )
            quote = None
            if "quote" in fields:
                quote = self.bounded_text(f"{name}.quote", fields["quote"], QUOTE_MAX)
                if quote is not None and _SECOND_SENTENCE.search(quote):
                    self.fail(
                        "quote-too-long",
                        fields["quote"].position,
                        f"{name}.quote holds more than one sentence; quote one, and "
                        "summarise the rest in the body",
                    )
                    quote = None
            date = self.date(f"{name}.date", fields["date"]) if "date" in fields else None
            credence = (
                self.probability(f"{name}.credence", fields["credence"])
                if "credence" in fields
                else None
            )
            hedge = (
                self.bounded_text(f"{name}.hedge", fields["hedge"], HEDGE_MAX)
                if "hedge" in fields
                else None
            )
            note = (
                self.bounded_text(f"{name}.note", fields["note"], NOTE_MAX)
                if "note" in fields
                else None
            )
            if who is None or source is None:
                continue
            positions[f"held_by[{len(result)}]"] = (item.line, item.col)
            result.append(
                Attribution(who, source, locator, quote, date, credence, hedge, note, item.position)
            )
        return tuple(result)

    def forecasts(self, items: tuple[Node, ...]) -> tuple[Forecast, ...]:
        result: list[Forecast] = []
        for index, item in enumerate(items):
            name = f"forecasts[{index}]"
            fields = self.mapping(
                name,
                item,
                FORECAST_FIELDS,
                "- {id: beats-baseline, statement: ..., probability: 0.6}",
            )
            missing = [f for f in ("id", "statement", "probability") if f not in fields]
            if item.kind == "map" and missing:
                self.fail("missing-field", item.position, f"{name} needs '{missing[0]}'")
                continue
            if not fields:
                continue
            forecast_id = self.text(f"{name}.id", fields["id"])
            if forecast_id is not None and not is_valid_id(forecast_id):
                self.fail("bad-id", fields["id"].position, _bad_id_message(forecast_id))
                forecast_id = None
            statement = self.bounded_text(f"{name}.statement", fields["statement"], STATEMENT_MAX)
            probability = self.probability(f"{name}.probability", fields["probability"])
            deadline = (
                self.date(f"{name}.deadline", fields["deadline"]) if "deadline" in fields else None
            )
            if forecast_id is None or statement is None or probability is None:
                continue
            result.append(Forecast(forecast_id, statement, deadline, probability, item.position))
        return tuple(result)

    def resolutions(self, items: tuple[Node, ...]) -> tuple[Resolution, ...]:
        result: list[Resolution] = []
        for index, item in enumerate(items):
            name = f"resolutions[{index}]"
            fields = self.mapping(
                name, item, RESOLUTION_FIELDS, "- {forecast: beats-baseline, outcome: yes, ...}"
            )
            if item.kind == "map" and "source" not in fields:
                self.fail(
                    "resolution-without-source",
                    item.position,
                    f"{name} names no 'source': the work of references.bib that settles it",
                )
                continue
            missing = [f for f in ("forecast", "outcome", "date") if f not in fields]
            if item.kind == "map" and missing:
                self.fail("missing-field", item.position, f"{name} needs '{missing[0]}'")
                continue
            if not fields:
                continue
            forecast = self.text(f"{name}.forecast", fields["forecast"])
            outcome = self.outcome(f"{name}.outcome", fields["outcome"])
            date = self.date(f"{name}.date", fields["date"])
            source = self.text(f"{name}.source", fields["source"])
            locator = (
                self.bounded_text(f"{name}.locator", fields["locator"], LOCATOR_MAX)
                if "locator" in fields
                else None
            )
            if None in (forecast, outcome, date, source):
                continue
            result.append(
                Resolution(forecast, outcome, date, source, locator, item.position)  # type: ignore[arg-type]
            )
        return tuple(result)

    def unrecorded(self, node: Node) -> Unrecorded | None:
        fields = self.mapping(
            "unrecorded",
            node,
            UNRECORDED_FIELDS,
            "{count: 3, probability: 0.35, happened: 0, source: bibkey2024}",
        )
        if node.kind == "map" and "source" not in fields:
            self.fail(
                "resolution-without-source",
                node.position,
                "unrecorded names no 'source': the work of references.bib that establishes "
                "their sums",
            )
            return None
        missing = [f for f in UNRECORDED_FIELDS[:3] if f not in fields]
        if node.kind == "map" and missing:
            self.fail("missing-field", node.position, f"unrecorded needs '{missing[0]}'")
            return None
        if not fields:
            return None
        count = self.integer("unrecorded.count", fields["count"], 1)
        happened = self.integer("unrecorded.happened", fields["happened"], 0)
        probability = self.number("unrecorded.probability", fields["probability"])
        source = self.text("unrecorded.source", fields["source"])
        locator = (
            self.bounded_text("unrecorded.locator", fields["locator"], LOCATOR_MAX)
            if "locator" in fields
            else None
        )
        if count is not None and happened is not None and happened > count:
            self.fail(
                "bad-value",
                fields["happened"].position,
                f"unrecorded.happened is {happened}, more than its count ({count})",
            )
            return None
        if count is not None and probability is not None and not 0 <= probability <= count:
            self.fail(
                "credence-out-of-range",
                fields["probability"].position,
                f"unrecorded.probability is {fields['probability'].text}; the sum of {count} "
                f"probabilities is between 0 and {count}",
            )
            return None
        if None in (count, happened, probability, source):
            return None
        return Unrecorded(count, probability, happened, source, locator, node.position)  # type: ignore[arg-type]

    def integer(self, name: str, node: Node, least: int) -> int | None:
        """A whole number of at least `least`, written in decimal."""
        digits = node.kind == "scalar" and node.text.isascii() and node.text.isdigit()
        value = int(node.text) if digits else None
        if node.tag != "int" or value is None or value < least:
            self.fail(
                "wrong-type",
                node.position,
                f"'{name}' must be a whole number of at least {least}, like 3",
            )
            return None
        return value

    def outcome(self, name: str, node: Node) -> str | None:
        """yes, no or ambiguous; YAML 1.1 reads a bare yes or no as a boolean, which here
        means just that."""
        if node.kind == "scalar" and node.tag == "bool":
            return "yes" if node.text.lower() in ("yes", "true", "on", "y") else "no"
        text = self.text(name, node)
        if text is not None and text not in OUTCOMES:
            self.fail(
                "bad-value",
                node.position,
                f"'{name}' must be one of {', '.join(OUTCOMES)}, not '{text}'"
                + did_you_mean(text, OUTCOMES),
            )
            return None
        return text


_TAG_NAMES = {
    "bool": "boolean",
    "int": "number",
    "float": "number",
    "timestamp": "date",
    "value": "special '=' value",
    "merge": "merge key",
}


def _bad_id_message(text: str) -> str:
    if not (ID_MIN <= len(text) <= ID_MAX):
        return f"id '{text}' has {len(text)} characters; ids have {ID_MIN} to {ID_MAX}"
    return (
        f"'{text}' is not a valid id: use lower-case words joined by hyphens, like "
        f"'{slugify(text)}'"
    )


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens; apostrophes join their word (`don't` -> `dont`)."""
    text = re.sub(r"['’]", "", text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", text)) or "example"
