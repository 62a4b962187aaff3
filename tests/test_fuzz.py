"""Fuzzing the loader, the schema and the whole pipeline: arbitrary input never raises, and every
diagnostic points somewhere real (a path, a line and a column from 1) with a catalogued code.

Also pins that pathological inputs (an alias bomb, a 10 MB file, a 50,000-deep nested list)
return with a diagnostic instead of hanging or crashing. Those run `kb check` in a subprocess,
so that a crash of the YAML library cannot take the test run down with it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import pipeline
from kb.check.codes import RULES
from kb.check.schema import FIELD_NAMES, SOURCE_FIELDS, to_entry
from kb.diagnostics import Diagnostic
from kb.load.entries import RawEntry, load_entry, parse_entry
from kb.project import load_project
from kb.render.body import BodyContext, make_markdown

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
KB = Path(sys.executable).parent / "kb"
PATH = "content/claims/fuzzed-entry.md"
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
# Every character that Python or libyaml may count as a line break.
LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def assert_well_formed(diagnostics: list[Diagnostic], path: str | None = None, lines=None) -> None:
    for diagnostic in diagnostics:
        position = diagnostic.position
        assert diagnostic.code in RULES, diagnostic
        assert diagnostic.severity == RULES[diagnostic.code].severity, diagnostic
        assert position.path, diagnostic
        if path is not None:
            assert position.path == path, diagnostic
        assert isinstance(position.line, int) and position.line >= 1, diagnostic
        assert isinstance(position.col, int) and position.col >= 1, diagnostic
        if lines is not None:
            assert position.line <= lines, (diagnostic, lines)
        assert diagnostic.message, diagnostic


def line_bound(data: bytes) -> int:
    text = data.decode("utf-8", "replace")
    return sum(text.count(b) for b in LINE_BREAKS) + 2


def parse_and_convert(data: bytes) -> tuple[RawEntry | None, list[Diagnostic]]:
    """parse_entry then, on what loads, to_entry; checks every diagnostic of both."""
    raw, diagnostics = parse_entry(PATH, "claims", "fuzzed-entry", data)
    assert raw is not None or diagnostics, "an unreadable entry must say why"
    assert_well_formed(diagnostics, PATH, line_bound(data))
    if raw is not None:
        assert raw.front.kind == "map"
        assert raw.body_line >= 2
        entry, problems = to_entry(raw)
        assert entry.path == PATH
        assert_well_formed(problems, PATH, line_bound(data))
    return raw, diagnostics


# ---- strategies -----------------------------------------------------------------------------

IDS = ["steering-works", "steering-fails", "can-steering-work", "old-steering-id", "fuzzed-entry"]
WORDS = [
    "claim", "counterargument", "question", "active", "withdrawn", "supports", "disputes",
    "background", "doe2021widgets", "meng2022locating", "yes", "no", "on", "off", "null", "~",
    "123", "0x1f", "1e3", "2024-01-01", "=", "<<", "", " ", "Steering: works", "[[steering-works]]",
    *IDS,
]  # fmt: skip
KEYS = st.one_of(
    st.sampled_from(FIELD_NAMES + SOURCE_FIELDS),
    st.text(max_size=12),
    st.integers(-5, 5),
    st.booleans(),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.sampled_from(WORDS),
    st.text(max_size=40),
    st.text(min_size=150, max_size=700, alphabet="ab -"),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(SOURCE_FIELDS), st.text(max_size=8)), children,
                        max_size=4),
    ),
    max_leaves=12,
)  # fmt: skip
MAPPINGS = st.dictionaries(KEYS, VALUES, max_size=14)
DUMP_STYLES = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, True, None]),
        "allow_unicode": st.booleans(),
        "sort_keys": st.booleans(),
        "width": st.sampled_from([20, 80, 10_000]),
    }
)
YAML_FRAGMENTS = [
    "id: fuzzed-entry", "type: claim", "type: counterargument", "title: T", "summary: S",
    "tags:", "tags: [a, b", "opposes: [steering-works]", "supports:", "sources:", "  - key: k",
    "    relation: supports", "  -", "- ", "  ", "\t", ": ", ":", "&a ", "*a", "<<: *a", "? ",
    "!!str ", "!!binary ", "!foo ", "%YAML 1.1", "--- ", "...", "#", "|", ">-", "'", '"', "[",
    "]", "{", "}", ",", "\\", "\x85", "\u2028", "\ufeff", "é", "\x00", "\r", "---", "    x",
]  # fmt: skip
YAMLISH = st.lists(
    st.lists(st.one_of(st.sampled_from(YAML_FRAGMENTS), st.text(max_size=6)), max_size=6).map(
        "".join
    ),
    max_size=14,
).map("\n".join)


def front_matter(text: str, body: str = "") -> bytes:
    return ("---\n" + text + "\n---\n" + body).encode("utf-8", "surrogatepass")


# ---- the loader and the schema --------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=600))
def test_parse_entry_of_arbitrary_bytes_never_raises(data):
    parse_and_convert(data)


@FUZZ
@given(st.binary(max_size=300))
def test_parse_entry_of_arbitrary_bytes_after_an_opening_line_never_raises(data):
    parse_and_convert(b"---\n" + data)


@FUZZ
@given(st.text(max_size=400), st.text(max_size=100))
def test_parse_entry_of_arbitrary_text_in_front_matter_never_raises(text, body):
    parse_and_convert(front_matter(text, body))


@FUZZ
@given(YAMLISH, st.sampled_from(["", "Body [@doe2021widgets] [[steering-works]].\n", "[[x|"]))
def test_parse_entry_of_yaml_like_text_never_raises(text, body):
    parse_and_convert(front_matter(text, body))


@FUZZ
@given(MAPPINGS, DUMP_STYLES)
def test_schema_of_arbitrary_mappings_of_field_names_never_raises(mapping, style):
    text = yaml.safe_dump(mapping, **style)
    raw, _ = parse_and_convert(front_matter(text))
    if mapping and "\n---" not in text and "\n..." not in text:
        assert raw is not None, text


VALID_IDS = st.from_regex(r"\A[a-z0-9]{3,12}(-[a-z0-9]{1,8}){0,3}\Z")
PLAIN_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029"
    ),
    min_size=1,
    max_size=150,
).filter(str.strip)


@FUZZ
@given(
    entry_id=VALID_IDS,
    title=PLAIN_TEXT,
    summary=PLAIN_TEXT,
    tags=st.lists(VALID_IDS, max_size=3),
    style=DUMP_STYLES,
)
def test_a_valid_entry_written_by_a_yaml_dumper_has_no_schema_error(
    entry_id, title, summary, tags, style
):
    front = {"id": entry_id, "type": "claim", "title": title, "summary": summary, "tags": tags}
    text = yaml.safe_dump(front, **style)
    raw, diagnostics = parse_entry(f"content/claims/{entry_id}.md", "claims", entry_id,
                                   front_matter(text))  # fmt: skip
    assert raw is not None and not diagnostics, (text, diagnostics)
    entry, problems = to_entry(raw)
    assert problems == [], (text, problems)
    assert entry.title == " ".join(title.split())
    assert entry.tags == tuple(tags)


# ---- the whole pipeline on a tree of fuzzed entries ----------------------------------------

ENTRY_BYTES = st.one_of(
    MAPPINGS.map(lambda m: front_matter(yaml.safe_dump(m), "See [[steering-works]] [@k].\n")),
    YAMLISH.map(front_matter),
    st.binary(max_size=200),
)
BIB_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "@article{k,", "@misc{K,", "title = {T},", "author = {Doe, Jane},", "year = 2020",
                "}", "{", "@comment{", "@string{s = {x}}", "%", "@preamble{", "doi = {10.1/x}",
                '"', ",", "=", "@", "\\\"o", "@article{doe2021widgets, title={W}, year=1}",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=20,
).map("\n".join)  # fmt: skip
TREES = st.fixed_dictionaries(
    {
        "files": st.dictionaries(
            st.tuples(st.sampled_from(["claims", "questions"]), st.sampled_from(IDS + ["a", "B_"])),
            ENTRY_BYTES,
            max_size=4,
        ),
        "bib": st.one_of(st.none(), BIB_TEXT),
        "registry": st.one_of(st.none(), st.lists(st.sampled_from(IDS + ["gone-id", "Bad_Id"]))),
    }
)


def write_tree(root: Path, tree: dict) -> None:
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text((FIXTURE / "mkdocs.yml").read_text())
    for (folder, stem), data in tree["files"].items():
        (root / "content" / folder).mkdir(exist_ok=True)
        (root / "content" / folder / f"{stem}.md").write_bytes(data)
    if tree["bib"] is not None:
        (root / "references.bib").write_text(tree["bib"], encoding="utf-8")
    if tree["registry"] is not None:
        (root / "content/published-ids.txt").write_text("\n".join(tree["registry"]) + "\n")


@settings(FUZZ, max_examples=150)
@given(TREES)
def test_pipeline_over_a_tree_of_fuzzed_entries_never_raises(tree):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_tree(root, tree)
        result = pipeline.run(load_project(root))
    assert_well_formed(result.diagnostics)
    paths = {f"content/{folder}/{stem}.md" for folder, stem in tree["files"]}
    paths |= {"references.bib", "content/published-ids.txt"}
    assert {d.position.path for d in result.diagnostics} <= paths
    assert result.diagnostics == sorted(result.diagnostics, key=Diagnostic.sort_key)


# ---- pathological inputs --------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ["id: bad-entry", "type: claim", 'a: &a ["lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines += ["title: *j", "summary: *j"]
    return "\n".join(lines)


def test_parse_entry_refuses_a_billion_laughs_alias_bomb_without_expanding_it():
    data = front_matter(billion_laughs())
    raw, diagnostics = parse_entry(PATH, "claims", "fuzzed-entry", data)
    assert raw is None
    assert {d.code for d in diagnostics} == {"yaml-alias"}
    assert min(d.position.line for d in diagnostics) == 4  # the first anchor, `&a`
    assert_well_formed(diagnostics, PATH)


def test_loading_a_10_mb_entry_file_reports_it_as_too_large(tmp_path):
    file = tmp_path / "content/claims/bad-entry.md"
    file.parent.mkdir(parents=True)
    file.write_bytes(front_matter("id: bad-entry\ntags:\n" + "  - a\n" * 1_750_000))
    assert file.stat().st_size > 10_000_000
    raw, diagnostics = load_entry(tmp_path, file)
    assert raw is None
    assert [(d.code, d.position) for d in diagnostics] == [
        ("file-too-large", diagnostics[0].position)
    ]
    assert diagnostics[0].position.path == "content/claims/bad-entry.md"


def test_parse_entry_of_the_largest_loadable_body_returns_every_link():
    # The loader refuses files over 256 KiB (above); a body that size is parsed in full.
    line = "lorem [[steering-works]] [@doe2021widgets]\n"
    data = front_matter("id: fuzzed-entry\ntype: claim\ntitle: T\nsummary: S",
                        line * (256 * 1024 // len(line)))  # fmt: skip
    raw, diagnostics = parse_and_convert(data)
    assert raw is not None and diagnostics == []
    entry, problems = to_entry(raw)
    assert problems == [] and len(entry.links) == len(entry.citations) == 256 * 1024 // len(line)


# ---- bodies -----------------------------------------------------------------------------------

BODY_FRAGMENTS = [
    "[", "]", "[[", "]]", "|", "#", "@", "@doe2021widgets", "@{", "}", "{", "-@", ";", ",", " p. 4",
    " ch. 2", "`", "``", "$", "$$", "\\frac{", "\\", "^", "[^1]", "[^1]: ", "!!! note", "??? ",
    "???+ tip", "> ", "> [!NOTE]", "- [ ] ", "- [x] ", "    ", "\n", "\n\n", "(", ")", "](",
    "javascript:", "https://x.org", "<", ">", "![", "*", "_", "~~", "| a |", "|---|", "# ",
    "\r", "\x85", "\u2028", "é", "пункт",
]  # fmt: skip
BODIES = st.lists(st.one_of(st.sampled_from(BODY_FRAGMENTS), st.text(max_size=4)), max_size=40)


@FUZZ
@given(BODIES.map("".join))
def test_reading_and_rendering_any_body_never_raises_and_locates_every_problem(body):
    data = front_matter("id: fuzzed-entry\ntype: claim\ntitle: T\nsummary: S", body)
    raw, _ = parse_and_convert(data)
    if raw is None:  # a NUL character: the loader refuses the file
        return
    entry, _ = to_entry(raw)
    html = make_markdown().render(entry.body, {"kb": BodyContext({}, lambda target: None)})
    assert "<script" not in html


def kb_check_of(root: Path, name: str, data: bytes) -> tuple[subprocess.CompletedProcess, list]:
    for relative in ("mkdocs.yml", "references.bib"):
        (root / relative).write_bytes((FIXTURE / relative).read_bytes())
    (root / "content/claims").mkdir(parents=True)
    (root / "content/claims" / name).write_bytes(data)
    result = subprocess.run(
        [str(KB), "--root", str(root), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    return result, json.loads(result.stdout or "[]")


def test_kb_check_of_a_10_mb_entry_file_exits_1_with_file_too_large(tmp_path):
    data = front_matter("id: bad-entry\nsummary: " + "word " * 2_100_000)
    result, diagnostics = kb_check_of(tmp_path, "bad-entry.md", data)
    assert result.returncode == 1
    assert {(d["code"], d["path"], d["line"]) for d in diagnostics} >= {
        ("file-too-large", "content/claims/bad-entry.md", 1)
    }


def test_kb_check_of_a_billion_laughs_alias_bomb_exits_1_with_yaml_alias(tmp_path):
    result, diagnostics = kb_check_of(tmp_path, "bad-entry.md", front_matter(billion_laughs()))
    assert result.returncode == 1
    assert ("yaml-alias", 4) in {(d["code"], d["line"]) for d in diagnostics}


@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_kb_check_of_a_deeply_nested_flow_list_reports_the_nesting(tmp_path, depth):
    data = front_matter("id: bad-entry\ntype: claim\ntitle: T\nsummary: S\ntags: "
                        + "[" * depth + "]" * depth)  # fmt: skip
    result, diagnostics = kb_check_of(tmp_path, "bad-entry.md", data)
    assert result.returncode == 1
    assert ("wrong-type", 6) in {(d["code"], d["line"]) for d in diagnostics}


@pytest.mark.parametrize("closing", ["]", ""], ids=["closed", "unclosed"])
def test_kb_check_of_a_50000_deep_nested_flow_list_reports_it_instead_of_crashing(
    tmp_path, closing
):
    depth = 50_000
    data = front_matter("id: bad-entry\ntype: claim\ntitle: T\nsummary: S\ntags: "
                        + "[" * depth + closing * depth)  # fmt: skip
    result, diagnostics = kb_check_of(tmp_path, "bad-entry.md", data)
    assert result.returncode == 1
    assert {d["code"] for d in diagnostics if d["line"] == 6} & {"wrong-type", "yaml-syntax"}


# ---- line numbers and unusual line breaks ---------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_a_unicode_line_separator_inside_a_quoted_title_does_not_shift_later_lines(separator):
    text = f'id: fuzzed-entry\ntype: claim\ntitle: "a{separator}b"\nsummary: 2024-01-01'
    raw, diagnostics = parse_entry(PATH, "claims", "fuzzed-entry", front_matter(text))
    assert raw is not None and diagnostics == []
    _, problems = to_entry(raw)
    assert [(d.code, d.position.line, d.position.col) for d in problems] == [
        ("yaml-coerced-value", 5, 10)
    ]


def nested(style: str, depth: int) -> str:
    """`tags:` followed by a value nested `depth` levels deep in one YAML style."""
    if style == "block-compact":
        return "tags:\n" + "- " * depth + "x"
    if style == "block-indented":
        return "tags:\n" + "".join(" " * i + "-\n" for i in range(depth)) + " " * depth + "x"
    if style == "block-mapping":
        return "tags:\n" + "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "x"
    return "tags: " + "{k: " * depth + "x" + "}" * depth


@pytest.mark.parametrize(
    ("style", "depth"),
    [("block-compact", 120_000), ("block-indented", 600), ("block-mapping", 600), ("flow", 60_000)],
)
def test_kb_check_refuses_deep_nesting_in_any_yaml_style_without_crashing(tmp_path, style, depth):
    data = front_matter("id: bad-entry\ntype: claim\ntitle: T\nsummary: S\n" + nested(style, depth))
    result, diagnostics = kb_check_of(tmp_path, "bad-entry.md", data[:250_000] + b"\n---\n")
    assert result.returncode == 1
    nesting = [d for d in diagnostics if "nested too deeply" in d["message"]]
    assert [(d["code"], d["path"]) for d in nesting] == [
        ("wrong-type", "content/claims/bad-entry.md")
    ]
    assert nesting[0]["line"] >= 6


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    from kb.load.yamltree import MAX_DEPTH, parse

    # The front matter is level 1; `tags:` holds the rest.
    fits, problems = parse("tags: " + "[" * (MAX_DEPTH) + "]" * MAX_DEPTH, PATH, 1)
    assert fits is not None and problems == []
    deep, problems = parse("tags: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), PATH, 1)
    assert deep is None
    assert [(d.code, d.position.line, d.position.col) for d in problems] == [
        ("wrong-type", 2, 7 + MAX_DEPTH)
    ]


# ---- whole content/ trees: random names and kinds of files --------------------------------

SEGMENTS = st.one_of(
    st.sampled_from(
        [
            "claims", "questions", "people", "assets", "javascripts", "search", "schema",
            "pagefind", "references", "tags", "images", "guides", "index.md", "tags.md", "kb.json",
            "published-ids.txt", "x.md", "x.html", "x.js", "x.markdown", "x.png", "x.svg",
            ".hidden", "a,b:c.md", "a\nb.md", "\x1b[2J.md", "404.md", "steering-works.md",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1,
            max_size=8).filter(lambda s: s not in (".", "..")),
)  # fmt: skip
NODE_KINDS = st.one_of(
    st.tuples(st.just("file"), st.one_of(ENTRY_BYTES, st.sampled_from([b"\x89PNG\r\n\x1a\n"]))),
    st.tuples(st.just("folder"), st.none()),
    st.tuples(st.just("fifo"), st.none()),
    st.tuples(
        st.just("link"),
        st.sampled_from(["../.git/config", "/dev/zero", "loop", "..", "/etc/passwd", "missing"]),
    ),
)
CONTENT_TREES = st.lists(
    st.tuples(st.lists(SEGMENTS, min_size=1, max_size=3), NODE_KINDS), max_size=10
)


def build_content_tree(root: Path, nodes: list) -> set[str]:
    """Make `nodes` under root/content, skipping those whose place is taken; returns the
    relative paths of the links and special files made."""
    hostile = set()
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic x\n")
    content = (root / "content").resolve()
    for segments, (kind, detail) in nodes:
        path = root / "content" / Path(*segments)
        if os.path.lexists(path) or not path.parent.resolve().is_relative_to(content):
            continue  # taken, or reached through a link made earlier
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(detail)
            elif kind == "folder":
                path.mkdir()
            elif kind == "fifo":
                os.mkfifo(path)
                hostile.add(path.relative_to(root).as_posix())
            else:
                path.symlink_to(detail)
                hostile.add(path.relative_to(root).as_posix())
        except OSError:  # a file where a folder would go, or the other way round
            continue
    return hostile


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root with what it is, read without following links or opening fifos."""
    seen = {}
    for folder, names, files in os.walk(root, followlinks=False):
        for name in names + files:
            path = Path(folder) / name
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                seen[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
            else:
                seen[path.relative_to(root).as_posix()] = oct(mode)
    return seen


def published_from_content(result) -> list[str]:
    """The files of content/ the site publishes: hand-written pages and images."""
    return [page.name for page in result.pages] + list(result.images)


@settings(FUZZ, max_examples=150)
@given(CONTENT_TREES)
def test_pipeline_over_a_random_content_tree_never_raises_writes_or_misses_a_link(nodes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "mkdocs.yml").write_text((FIXTURE / "mkdocs.yml").read_text())
        (root / "references.bib").write_bytes((FIXTURE / "references.bib").read_bytes())
        hostile = build_content_tree(root, nodes)
        before = snapshot(root)
        result = pipeline.run(load_project(root))
        assert snapshot(root) == before
        for published in published_from_content(result):  # regular files, never links
            assert (root / "content" / published).resolve() == root / "content" / published
            assert stat.S_ISREG(os.lstat(root / "content" / published).st_mode)
    assert_well_formed(result.diagnostics)
    reported = {d.position.path for d in result.diagnostics if d.is_error}
    for path in hostile:
        # Reported itself, or inside a folder that is refused as a whole.
        parents = {"/".join(path.split("/")[:i]) for i in range(2, path.count("/") + 1)}
        assert path in reported or parents & reported, (path, reported)
    for published in published_from_content(result):
        parts = published.split("/")
        assert published.endswith((".md", ".png", ".jpg", ".jpeg", ".gif", ".webp")), published
        assert parts[0] not in ("claims", "questions", "assets", "search", "pagefind", "references")


@settings(FUZZ, max_examples=25)
@given(CONTENT_TREES)
def test_kb_check_over_a_random_content_tree_exits_0_or_1_without_a_traceback(nodes):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "mkdocs.yml").write_text((FIXTURE / "mkdocs.yml").read_text())
        (root / "references.bib").write_bytes((FIXTURE / "references.bib").read_bytes())
        build_content_tree(root, nodes)
        before = snapshot(root)
        result = subprocess.run(
            [str(KB), "--root", str(root), "check", "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert snapshot(root) == before
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    json.loads(result.stdout or "[]")
