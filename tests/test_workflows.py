"""The repository's workflow files: parsed as YAML, and their commands run for real."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml
from git_support import git, init_repository

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"


def _workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> dict[str, str]:
    return {
        step["name"]: step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step
    }


def _run(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        text=True,
        capture_output=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
    )


def _repository(small_kb: Path) -> Path:
    """The small knowledge base as a clone of a remote, with the project's environment."""
    (small_kb / ".venv").symlink_to(REPO / ".venv")
    (small_kb / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    init_repository(small_kb)
    remote = small_kb.parent / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    git(small_kb, "remote", "add", "origin", str(remote))
    git(small_kb, "push", "-q", "-u", "origin", "main")
    return remote


def test_pull_request_workflow_checks_builds_and_summarises(small_kb, tmp_path):
    workflow = _workflow("pull-request.yml")
    assert "pull_request" in workflow.get("on", workflow.get(True))
    steps = _steps(workflow)
    _repository(small_kb)
    git(small_kb, "checkout", "-q", "-b", "topic")
    (small_kb / "content" / "claims" / "new-objection.md").write_text(
        "---\nid: new-objection\ntype: counterargument\ntitle: A new objection\nsummary: S.\n"
        "opposes: [steering-fails]\n---\n",
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    for name in ("Check the content", "Build the site strictly", "Summarise the change"):
        done = _run(steps[name], small_kb, BASE="main", GITHUB_STEP_SUMMARY=str(summary))
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert "### Entries added (1)\n- `new-objection`" in summary.read_text(encoding="utf-8")
    assert (small_kb / "site" / "claims" / "new-objection" / "index.html").is_file()


def test_pull_request_check_annotates_a_broken_entry(small_kb):
    steps = _steps(_workflow("pull-request.yml"))
    (small_kb / ".venv").symlink_to(REPO / ".venv")
    (small_kb / "content" / "claims" / "bad.md").write_text(
        "---\nid: bad\ntype: claim\ntitle: T\nsummary: S\nsupports: [nowhere]\n---\n",
        encoding="utf-8",
    )
    done = _run(steps["Check the content"], small_kb)
    assert done.returncode == 1
    assert re.search(
        r"^::error file=content/claims/bad\.md,line=6,col=\d+::\[unknown-entry\]", done.stdout, re.M
    )


def test_publish_workflow_registers_new_ids_and_pushes_them(small_kb):
    workflow = _workflow("publish.yml")
    assert workflow.get("on", workflow.get(True))["push"]["branches"] == ["main"]
    steps = _steps(workflow)
    remote = _repository(small_kb)
    done = _run(steps["Register the published ids"], small_kb)
    assert done.returncode == 0, done.stderr
    registry = git(remote, "show", "main:content/published-ids.txt").split()
    assert "steering-works" in registry and "old-steering-id" in registry
    again = _run(steps["Register the published ids"], small_kb)  # nothing new: no commit
    assert again.returncode == 0 and "0 id(s) added" in again.stdout
    assert _run(steps["Build the site strictly"], small_kb).returncode == 0


def test_pre_commit_hook_runs_kb_check_on_content_changes(small_kb):
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    files = re.compile(hook["files"])
    assert files.search("content/claims/x.md") and files.search("references.bib")
    assert not files.search("README.md")
    (small_kb / ".venv").symlink_to(REPO / ".venv")
    assert _run(hook["entry"], small_kb).returncode == 0
    (small_kb / "content" / "claims" / "bad.md").write_text("no front matter\n", encoding="utf-8")
    assert _run(hook["entry"], small_kb).returncode == 1
