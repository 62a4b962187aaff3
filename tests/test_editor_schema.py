"""`kb schema`: the JSON Schema editors use agrees with `kb check` on what an entry may hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from kb.commands.cli import main
from kb.load.tree import walk_content

REPO = Path(__file__).resolve().parent.parent


def _schema(root, capsys) -> dict:
    assert main(["--root", str(root), "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(schema)
    return schema


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_shipped_entry_satisfies_the_schema(capsys):
    validator = Draft202012Validator(_schema(REPO, capsys))
    files = [Path(item.file) for item in walk_content(REPO / "content", "content").entries]
    assert files
    for file in files:
        errors = [e.message for e in validator.iter_errors(_front_matter(file))]
        assert errors == [], file


@pytest.mark.parametrize(
    "front",
    [
        {"id": "abc", "type": "claim", "title": "T", "summary": "S", "oposes": ["x-y"]},
        {"id": "Bad_Id", "type": "claim", "title": "T", "summary": "S"},
        {"id": "abc", "type": "counterargument", "title": "T", "summary": "S"},
        {"id": "abc", "type": "claim", "title": "T", "summary": "S", "status": "withdrawn"},
        {
            "id": "abc",
            "type": "claim",
            "title": "T",
            "summary": "S",
            "sources": [{"key": "k", "relation": "agrees"}],
        },
        {"id": "abc", "type": "claim", "title": False, "summary": "S"},
        {"id": "abc", "type": "claim", "title": "T" * 161, "summary": "S"},
    ],
    ids=[
        "unknown-field",
        "bad-id",
        "counterargument-without-opposes",
        "withdrawn-without-replacement",
        "bad-relation",
        "coerced-title",
        "too-long-title",
    ],
)
def test_schema_rejects_what_the_check_rejects(front, small_kb, capsys):
    validator = Draft202012Validator(_schema(small_kb, capsys))
    assert list(validator.iter_errors(front))
    entry = small_kb / "content" / "claims" / "abc.md"
    entry.write_text("---\n" + yaml.safe_dump(front) + "---\n", encoding="utf-8")
    assert main(["--root", str(small_kb), "check"]) == 1


def test_schema_is_published_on_the_site(small_site, capsys):
    published = json.loads((small_site / "schema" / "entry.json").read_text(encoding="utf-8"))
    assert published["$id"] == "https://kb.example.org/schema/entry.json"
    assert published["properties"]["title"]["maxLength"] == 160


class _EditorLoader(yaml.SafeLoader):
    """YAML as editors' schema checkers read it: a date stays the text it is."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_people_attributions_and_forecast_sets_satisfy_the_schema(capsys):
    root = REPO / "tests" / "fixtures" / "debate"
    validator = Draft202012Validator(_schema(root, capsys))
    files = [Path(item.file) for item in walk_content(root / "content", "content").entries]
    assert {f.parent.name for f in files} == {"claims", "questions", "people", "forecasts"}
    for file in files:
        front = yaml.load(file.read_text(encoding="utf-8").split("---\n")[1], _EditorLoader)
        assert [e.message for e in validator.iter_errors(front)] == [], file
    person = {
        "id": "jane-doe",
        "type": "person",
        "title": "J",
        "summary": "S.",
        "supports": ["a-b"],
    }
    assert list(validator.iter_errors(person))
