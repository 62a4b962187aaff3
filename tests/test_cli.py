"""The `kb` command: check and cite, with the exit codes and output formats of the contract."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_engine import claim, question, write_kb

from kb.commands.cli import main

KB_SCRIPT = Path(sys.executable).parent / "kb"
GITHUB = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+)::\[([a-z-]+)\] .+$")


def clean_kb(root: Path) -> Path:
    return write_kb(
        root,
        {
            "questions/the-question.md": question("the-question"),
            "claims/yes-entry.md": claim(
                "yes-entry", answers="[the-question]", body="See [@doe2021widgets]."
            ),
            "claims/no-entry.md": claim(
                "no-entry",
                answers="[the-question]",
                aliases="[old-no]",
                title="'No: R&D {braces}'",
                body="See [@roe2023gadgets].",
            ),
        },
    )


def broken_kb(root: Path) -> Path:
    clean_kb(root)
    (root / "content/claims/bad-entry.md").write_text(
        claim("bad-entry", title="no", supports="[yes-entri]"), encoding="utf-8"
    )
    return root


def test_check_of_a_clean_knowledge_base_exits_0(tmp_path, capsys):
    assert main(["--root", str(clean_kb(tmp_path)), "check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3 entries, 2 works: 0 error(s), 0 warning(s)" in captured.err


def test_check_with_an_error_exits_1_and_prints_path_line_col(tmp_path, capsys):
    assert main(["--root", str(broken_kb(tmp_path)), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "content/claims/bad-entry.md:4:8: error[yaml-coerced-value]: YAML reads 'no' as a "
        'boolean, not text; quote it: "no"'
    ) in out
    assert (
        "content/claims/bad-entry.md:6:12: error[unknown-entry]: supports: no entry has the "
        "id 'yes-entri'; did you mean 'yes-entry'?"
    ) in out


def test_check_with_only_warnings_exits_0(tmp_path, capsys):
    root = write_kb(tmp_path, {"claims/x-entry.md": claim("x-entry")})
    assert main(["--root", str(root), "check"]) == 0
    assert "warning[claim-without-source]" in capsys.readouterr().out


def test_check_json_format_lists_each_diagnostic_with_its_position(tmp_path, capsys):
    assert main(["--root", str(broken_kb(tmp_path)), "check", "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {"path", "line", "col", "code", "severity", "message"} <= set(items[0])
    coerced = next(i for i in items if i["code"] == "yaml-coerced-value")
    assert (coerced["path"], coerced["line"], coerced["col"], coerced["severity"]) == (
        "content/claims/bad-entry.md",
        4,
        8,
        "error",
    )


def test_check_json_format_of_a_clean_knowledge_base_is_an_empty_list(tmp_path, capsys):
    assert main(["--root", str(clean_kb(tmp_path)), "check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_check_github_format_prints_workflow_annotations(tmp_path, capsys):
    assert main(["--root", str(broken_kb(tmp_path)), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(GITHUB.match(line) for line in lines), lines
    assert any(
        line.startswith(
            "::error file=content/claims/bad-entry.md,line=4,col=8::[yaml-coerced-value]"
        )
        for line in lines
    )


def test_usage_error_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(tmp_path), "check", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_missing_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_cite_prints_bibtex_and_exits_0(tmp_path, capsys):
    assert main(["--root", str(clean_kb(tmp_path)), "cite", "no-entry"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("@misc{kb-no-entry,")
    assert "url = {https://kb.example.org/claims/no-entry/}" in out
    assert r"No: R\&D \{braces\}" in out


def test_cite_by_former_id_cites_the_current_address(tmp_path, capsys):
    assert main(["--root", str(clean_kb(tmp_path)), "cite", "old-no", "--format", "text"]) == 0
    assert " https://kb.example.org/claims/no-entry/ " in capsys.readouterr().out


def test_cite_csl_json_parses(tmp_path, capsys):
    assert (
        main(["--root", str(clean_kb(tmp_path)), "cite", "yes-entry", "--format", "csl-json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)[0]["URL"] == (
        "https://kb.example.org/claims/yes-entry/"
    )


def test_cite_unknown_id_exits_1_with_a_suggestion(tmp_path, capsys):
    assert main(["--root", str(clean_kb(tmp_path)), "cite", "yes-entri"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no entry has the id 'yes-entri'; did you mean 'yes-entry'?" in captured.err


def test_cite_of_an_entry_the_check_refuses_exits_1_and_prints_nothing(tmp_path, capsys):
    root = broken_kb(tmp_path)  # bad-entry's title is YAML's boolean `no`: refused
    assert main(["--root", str(root), "cite", "bad-entry", "--format", "text"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "kb cite: content/claims/bad-entry.md has 2 error(s); run 'kb check'" in captured.err
    # the other entries of the same knowledge base are still cited
    assert main(["--root", str(root), "cite", "yes-entry"]) == 0


def test_console_script_checks_from_inside_the_repository(tmp_path):
    root = broken_kb(tmp_path)
    completed = subprocess.run(
        [str(KB_SCRIPT), "check", "--format", "github"],
        cwd=root / "content" / "claims",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "::error file=content/claims/bad-entry.md,line=4,col=8::" in completed.stdout


def test_console_script_cite_and_usage_error(tmp_path):
    root = clean_kb(tmp_path)
    cited = subprocess.run(
        [str(KB_SCRIPT), "--root", str(root), "cite", "yes-entry"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cited.returncode == 0
    assert "@misc{kb-yes-entry," in cited.stdout
    usage = subprocess.run(
        [str(KB_SCRIPT), "--root", str(root), "frobnicate"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2
    assert "usage: kb" in usage.stderr


def test_github_annotation_escapes_commas_in_the_file_name(tmp_path, capsys):
    root = clean_kb(tmp_path)
    (root / "content/claims/a,b.md").write_text(claim("a,b") + "100% sure", encoding="utf-8")
    assert main(["--root", str(root), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    bad = [line for line in lines if "[file-unknown]" in line]
    assert bad and all(
        line.startswith("::error file=content/claims/a%2Cb.md,line=1,col=1::") for line in bad
    )


def test_root_is_accepted_after_the_command_too(tmp_path, capsys):
    root = clean_kb(tmp_path)
    assert main(["check", "--root", str(root)]) == 0
    assert main(["check", "--root", str(tmp_path / "missing-bib-and-content")]) == 1


@pytest.mark.parametrize("command", [["schema"], ["check", "--format", "json"]])
def test_output_cut_short_by_its_reader_ends_quietly(tmp_path, command):
    """`kb schema | head -1`, with the reader gone before kb writes: no traceback (`kb check`
    leaves the process by another way, which must be as quiet)."""
    clean_kb(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(KB_SCRIPT), *command], cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"BrokenPipeError" not in done.stderr
