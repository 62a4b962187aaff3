"""The validation gate, tested from outside: a corpus of bad inputs run through the real `kb`.

Each case of tests/corpus/cases.yaml drops one bad file into a copy of the small knowledge base
(or removes one), runs the installed console script `kb check --format json` in a subprocess,
and pins the exit code, the diagnostic's code, path, line and column, and that the check neither
crashes nor writes. The remaining tests pin the other formats, the usage error and the refusal of
`mkdocs build --strict` to publish a broken knowledge base.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb.check.codes import RULES

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
BIN = Path(sys.executable).parent
KB = BIN / "kb"
MKDOCS = BIN / "mkdocs"
DEFAULT_TARGET = "content/claims/bad-entry.md"


def load_cases() -> list[dict]:
    cases = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        case.setdefault("name", Path(case.get("file", "")).stem)
        if "file" in case:
            case.setdefault("target", DEFAULT_TARGET)
    return cases


CASES = load_cases()


def case_params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def tree_hash(root: Path) -> dict[str, str]:
    """The digest of every file under `root`, by relative path; links and special files by
    what they are, never followed or read (a fifo or a link to /dev/zero never ends)."""
    digests = {}
    for folder, names, files in os.walk(root, followlinks=False):
        for name in sorted(names + files):
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                digest = "link to " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest = f"mode {stat.S_IFMT(info.st_mode):o}"
            digests[path.relative_to(root).as_posix()] = digest
    return digests


def run_kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KB), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )


def check_json(root: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    result = run_kb(root, "check", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout or "[]")


# What a symbolic link of a case may point at, besides a path of its own.
OUTSIDE_ENTRY = """---
id: outside-entry
type: claim
title: An entry from outside the repository
summary: Read through a link.
---
"""
GIT_CONFIG = "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu\n"


def apply_case(root: Path, case: dict) -> None:
    if case.get("publish_ids"):
        published = run_kb(root, "publish-ids")
        assert published.returncode == 0, published.stderr
    for relative in case.get("remove", ()):
        (root / relative).unlink()
    for source, target in case.get("rename", {}).items():
        (root / source).rename(root / target)
    for relative, text in case.get("write", {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogateescape"))
    for relative in case.get("fifos", ()):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / relative)
    if case.get("symlinks"):
        # A repository's git config, and a file outside the repository, to link to.
        (root / ".git").mkdir(exist_ok=True)
        (root / ".git/config").write_text(GIT_CONFIG)
        (root.parent / "outside-entry.md").write_text(OUTSIDE_ENTRY)
    for relative, pointee in case.get("symlinks", {}).items():
        link = root / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(pointee.replace("{outside}", str(root.parent)))
    if "file" in case:
        data = (CORPUS / case["file"]).read_bytes()
        line = b"Padding to make the file larger than the limit of the loader.\n"
        missing = case.get("pad_to", 0) - len(data)
        if missing > 0:
            data += line * (missing // len(line) + 1)
        target = root / case["target"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def matches(diagnostic: dict, expected: dict, default_path: str | None) -> bool:
    return (
        diagnostic["code"] == expected["code"]
        and diagnostic["path"] == expected.get("path", default_path)
        and diagnostic["line"] == expected["line"]
        and ("col" not in expected or diagnostic["col"] == expected["col"])
        and expected.get("message", "") in diagnostic["message"]
    )


def test_corpus_has_at_least_120_cases_each_with_a_catalogued_code():
    assert len(CASES) >= 120
    assert len({case["name"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert case["expect"], case["name"]
        for expected in case["expect"]:
            assert expected["code"] in RULES, (case["name"], expected["code"])
        if "file" in case:
            assert (CORPUS / case["file"]).is_file(), case["file"]


def test_every_corpus_file_is_used_by_a_case():
    used = {case["file"] for case in CASES if "file" in case}
    present = {p.name for p in CORPUS.iterdir() if p.name not in ("cases.yaml", ".gitattributes")}
    assert present == used


def test_every_error_code_of_the_catalogue_is_exercised_by_the_corpus():
    exercised = {expected["code"] for case in CASES for expected in case["expect"]}
    errors = {code for code, rule in RULES.items() if rule.severity == "error"}
    assert errors <= exercised, sorted(errors - exercised)


def test_the_small_knowledge_base_is_clean(small_kb):
    result, diagnostics = check_json(small_kb)
    assert result.returncode == 0
    assert diagnostics == []


@pytest.mark.parametrize("case", case_params())
def test_corpus_case_is_reported_with_code_path_and_line(small_kb, case):
    apply_case(small_kb, case)
    before = tree_hash(small_kb.parent)
    result, diagnostics = check_json(small_kb)
    assert tree_hash(small_kb.parent) == before, "kb check changed a file"
    assert result.returncode == case.get("exit", 1), result.stderr
    for diagnostic in diagnostics:
        assert diagnostic["code"] in RULES
        assert diagnostic["line"] >= 1 and diagnostic["col"] >= 1
    for expected in case["expect"]:
        assert any(matches(d, expected, case.get("target")) for d in diagnostics), (
            expected,
            diagnostics,
        )


def test_an_undecodable_bibliography_is_reported_once_not_as_every_citation(small_kb):
    apply_case(small_kb, {"file": "bib-not-utf8.bib", "target": "references.bib"})
    _, diagnostics = check_json(small_kb)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert [(d["code"], d["path"]) for d in errors] == [("file-encoding", "references.bib")]


def test_a_registry_saved_with_a_byte_order_mark_is_read_like_any_other(small_kb):
    registry = small_kb / "content/published-ids.txt"
    registry.write_bytes(b"\xef\xbb\xbfsteering-works\nsteering-fails\n")
    result, diagnostics = check_json(small_kb)
    assert (result.returncode, diagnostics) == (0, [])


# ---- the other outputs of `kb check` ------------------------------------------------------

GITHUB_LINE = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)::\[")


def test_github_format_annotates_the_broken_entry_with_file_line_and_col(small_kb):
    apply_case(small_kb, {"file": "unknown-supports.md", "target": DEFAULT_TARGET})
    result = run_kb(small_kb, "check", "--format", "github")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = (
        "::error file=content/claims/bad-entry.md,line=6,col=12::[unknown-entry] supports: "
        "no entry has the id 'steering-work'; did you mean 'steering-works'?"
    )
    assert expected in result.stdout.splitlines()
    for line in result.stdout.splitlines():
        assert line.startswith(("::error ", "::warning ")), line


def test_github_format_reports_every_error_as_an_error_annotation(small_kb):
    apply_case(small_kb, {"file": "yaml-anchor-alias.md", "target": DEFAULT_TARGET})
    result = run_kb(small_kb, "check", "--format", "github")
    errors = [m for m in map(GITHUB_LINE.match, result.stdout.splitlines()) if m]
    assert {(m["file"], m["line"], m["col"]) for m in errors} >= {
        ("content/claims/bad-entry.md", "6", "10"),
        ("content/claims/bad-entry.md", "7", "11"),
    }


def test_text_format_reads_path_line_col_error_code_message(small_kb):
    apply_case(small_kb, {"file": "yaml-title-no.md", "target": DEFAULT_TARGET})
    result = run_kb(small_kb, "check")
    assert result.returncode == 1
    assert re.search(
        r"^content/claims/bad-entry\.md:4:8: error\[yaml-coerced-value\]: .*\"no\"",
        result.stdout,
        re.M,
    ), result.stdout
    assert "error(s)" in result.stderr


def test_check_with_an_unknown_format_is_a_usage_error_with_exit_2(small_kb):
    before = tree_hash(small_kb)
    result = run_kb(small_kb, "check", "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(small_kb) == before


def test_check_with_no_command_is_a_usage_error_with_exit_2(small_kb):
    result = subprocess.run([str(KB), "--root", str(small_kb)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_never_writes_to_the_knowledge_base(small_kb, fmt):
    for name in ("yaml-duplicate-key.md", "unknown-citation.md"):
        (small_kb / "content/claims" / name).write_bytes((CORPUS / name).read_bytes())
    before = tree_hash(small_kb)
    result = run_kb(small_kb, "check", "--format", fmt)
    assert result.returncode == 1
    assert tree_hash(small_kb) == before


def test_check_of_a_clean_copy_exits_0_and_writes_nothing(small_kb):
    before = tree_hash(small_kb)
    result = run_kb(small_kb, "check", "--format", "json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    assert tree_hash(small_kb) == before


# ---- the site build -----------------------------------------------------------------------


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def built_pages(root: Path) -> list[Path]:
    site = root / "site"
    return sorted(site.rglob("*.html")) if site.exists() else []


@pytest.mark.parametrize(
    "case_name",
    [
        "unknown-supports",
        "yaml-tab",
        "bib-duplicate-key",
        "published-id-removed",
        "symlink-to-git-config",
        "theme-script-replaced",
        "html-page-with-script",
        "question-opposes",
    ],
)
def test_strict_mkdocs_build_refuses_a_broken_knowledge_base_and_publishes_nothing(
    small_kb, case_name
):
    case = next(c for c in CASES if c["name"] == case_name)
    apply_case(small_kb, case)
    result = mkdocs_build(small_kb)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "error" in (result.stdout + result.stderr).lower()
    assert built_pages(small_kb) == []


def test_strict_mkdocs_build_of_the_clean_copy_publishes_pages(small_kb):
    result = mkdocs_build(small_kb)
    assert result.returncode == 0, result.stderr
    assert small_kb.joinpath("site/claims/steering-works/index.html").is_file()


def test_strict_build_publishes_the_pages_and_images_of_content_and_nothing_else(small_kb):
    published = run_kb(small_kb, "publish-ids")
    assert published.returncode == 0, published.stderr
    image = b"\x89PNG\r\n\x1a\n" + bytes(24)
    (small_kb / "content/images").mkdir()
    (small_kb / "content/images/diagram.png").write_bytes(image)
    (small_kb / "content/guides").mkdir()
    (small_kb / "content/guides/howto.md").write_text("# How to\n\nA guide.\n")
    result = mkdocs_build(small_kb)
    assert result.returncode == 0, result.stderr
    site = small_kb / "site"
    assert (site / "images/diagram.png").read_bytes() == image
    assert (site / "guides/howto/index.html").is_file()
    copied = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not {p for p in copied if p.endswith((".md", ".txt"))}, copied
    assert not (site / "published-ids.txt").exists()


def test_a_socket_under_content_is_reported_as_not_a_regular_file(small_kb):
    import socket

    # A Unix socket's path is limited to about 100 bytes: bind from inside the folder.
    server = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    try:
        os.chdir(small_kb / "content")
        server.bind("notes.md")
    finally:
        os.chdir(cwd)
    try:
        before = tree_hash(small_kb)
        result, diagnostics = check_json(small_kb)
        assert tree_hash(small_kb) == before
    finally:
        server.close()
    assert result.returncode == 1
    assert ("file-not-regular", "content/notes.md", 1) in {
        (d["code"], d["path"], d["line"]) for d in diagnostics
    }
    assert any("socket" in d["message"] for d in diagnostics)


def test_a_huge_abstract_is_not_decoded_and_the_work_is_read(small_kb):
    """Only the fields a work is made of are decoded; a 2 MB abstract full of LaTeX used to
    keep the check busy for half a minute."""
    abstract = 'G{\\"o}del $x^2$ 50\\% ' * 100_000
    with (small_kb / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@misc{abstract2024, author = {Doe, Jane}, title = {T}, year = {2024},\n"
            f"  abstract = {{{abstract}}}}}\n"
        )
    result, diagnostics = check_json(small_kb)
    assert result.returncode == 0, diagnostics
    assert [(d["code"], d["message"]) for d in diagnostics] == [
        ("unused-reference", "'abstract2024' is cited by no entry")
    ]


def test_a_body_of_thousands_of_alerts_is_read_in_one_pass(small_kb):
    """Each GitHub alert used to be looked for again from the start of the body: 17,000 of
    them kept the check busy for minutes."""
    entry = sorted((small_kb / "content" / "claims").glob("*.md"))[0]
    with entry.open("a", encoding="utf-8") as file:
        file.write("\n" + "> [!NOTE]\n> x\n\n" * 15_000)
    result, diagnostics = check_json(small_kb)
    assert result.returncode == 0, diagnostics
    assert diagnostics == []
