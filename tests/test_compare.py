"""`kb diff`: reviewers see what a change does to the argument."""

from __future__ import annotations

from git_support import git, init_repository

from kb.commands.cli import main

CLAIMS = "content/claims"


def _diff(root, capsys, *args) -> str:
    assert main(["--root", str(root), "diff", *args]) == 0
    return capsys.readouterr().out


def test_unchanged_working_tree_reports_no_change(small_kb, capsys):
    init_repository(small_kb)
    assert "No change to entries, relations or works." in _diff(small_kb, capsys, "HEAD")


def test_added_entry_and_its_relation_are_reported(small_kb, capsys):
    init_repository(small_kb)
    (small_kb / CLAIMS / "new-objection.md").write_text(
        "---\nid: new-objection\ntype: counterargument\ntitle: A new objection\nsummary: S.\n"
        "opposes: [steering-fails]\n---\n",
        encoding="utf-8",
    )
    out = _diff(small_kb, capsys, "HEAD")
    assert "Entries added (1):\n  new-objection (counterargument): A new objection" in out
    assert "Relations added (1):\n  new-objection opposes steering-fails" in out
    assert "removed" not in out


def test_renamed_entry_with_alias_is_a_rename_not_a_removal(small_kb, capsys):
    init_repository(small_kb)
    old = small_kb / CLAIMS / "baselines-exist.md"
    text = old.read_text(encoding="utf-8").replace(
        "id: baselines-exist", "id: editing-baselines-exist\naliases: [baselines-exist]"
    )
    old.unlink()
    (small_kb / CLAIMS / "editing-baselines-exist.md").write_text(text, encoding="utf-8")
    out = _diff(small_kb, capsys, "HEAD")
    assert "Entries renamed (1):\n  baselines-exist -> editing-baselines-exist" in out
    assert "Entries removed" not in out and "Relations" not in out


def test_changed_fields_removed_entries_and_works_are_listed(small_kb, capsys):
    init_repository(small_kb)
    entry = small_kb / CLAIMS / "steering-works.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "summary: Once the relevant", "summary: When the relevant"
        ),
        encoding="utf-8",
    )
    (small_kb / CLAIMS / "baselines-exist.md").unlink()
    bib = small_kb / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{new2025work, title = {New}, "
        "year = {2025}, author = {Roe, R.}}\n",
        encoding="utf-8",
    )
    out = _diff(small_kb, capsys, "HEAD", "--format", "markdown")
    assert out.startswith("## Changes to the knowledge base since HEAD")
    assert "### Entries changed (1)\n- `steering-works` (claim): " in out
    assert "[summary]" in out
    assert "### Entries removed (1)\n- `baselines-exist`" in out
    assert (
        "### Relations removed (1)\n- `baselines-exist` opposes `steering-not-competitive`" in out
    )
    assert "### Works added (1)\n- `new2025work`" in out


def test_default_base_is_the_merge_base_with_main(small_kb, capsys):
    init_repository(small_kb)
    git(small_kb, "checkout", "-q", "-b", "topic")
    (small_kb / CLAIMS / "baselines-exist.md").unlink()
    git(small_kb, "commit", "-q", "-am", "remove")
    out = _diff(small_kb, capsys)
    assert "Entries removed (1):\n  baselines-exist" in out


def test_unknown_revision_is_a_usage_error(small_kb, capsys):
    init_repository(small_kb)
    assert main(["--root", str(small_kb), "diff", "no-such-revision"]) == 2
    assert "no-such-revision" in capsys.readouterr().err


def test_a_base_revision_with_links_is_compared_without_following_them(small_kb, capsys):
    (small_kb / "content/notes.txt").symlink_to("../.git/config")
    (small_kb / "content/claims/passwd.md").symlink_to("/etc/passwd")
    init_repository(small_kb)
    out = _diff(small_kb, capsys, "HEAD")
    assert "Files the check refuses (2):\n  content/claims/passwd.md\n  content/notes.txt" in out
    assert "Entries" not in out and "Relations" not in out


def test_an_entry_the_check_refuses_is_listed_with_its_file_not_as_removed(small_kb, capsys):
    init_repository(small_kb)
    entry = small_kb / CLAIMS / "baselines-exist.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("---\n", "---\n[", 1))
    out = _diff(small_kb, capsys, "HEAD", "--format", "markdown")
    assert "### Files the check refuses (1)\n- `content/claims/baselines-exist.md`" in out
    assert "removed" not in out  # neither the entry nor its relations
    # a file removed outright is still a removal
    entry.unlink()
    assert "Entries removed (1):\n  baselines-exist" in _diff(small_kb, capsys, "HEAD")


def test_an_undercut_and_a_qualification_are_relations_of_the_diff(small_kb, capsys):
    init_repository(small_kb)
    (small_kb / CLAIMS / "fails-is-anecdotal.md").write_text(
        "---\nid: fails-is-anecdotal\ntype: claim\ntitle: One failure is an anecdote\n"
        "summary: S.\nqualifies: [steering-fails]\n"
        "undercuts: [{premise: steering-fails, conclusion: steering-not-competitive}]\n---\n",
        encoding="utf-8",
    )
    out = _diff(small_kb, capsys, "HEAD")
    assert (
        "Relations added (2):\n  fails-is-anecdotal qualifies steering-fails\n"
        "  fails-is-anecdotal undercuts the step steering-fails -> steering-not-competitive"
    ) in out


def test_a_new_attribution_is_a_changed_field(small_kb, capsys):
    init_repository(small_kb)
    (small_kb / "content" / "people").mkdir()
    (small_kb / "content" / "people" / "jane-doe.md").write_text(
        "---\nid: jane-doe\ntype: person\ntitle: Jane Doe\nsummary: A researcher.\n---\n",
        encoding="utf-8",
    )
    path = small_kb / CLAIMS / "steering-fails.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "type: claim\n",
            "type: claim\nheld_by: [{who: jane-doe, source: meng2022locating}]\n",
            1,
        ),
        encoding="utf-8",
    )
    out = _diff(small_kb, capsys, "HEAD")
    assert "Entries added (1):\n  jane-doe (person): Jane Doe" in out
    assert (
        "steering-fails (claim): Steering with features fails outside chosen examples [held_by]"
        in out
    )


def test_a_new_resolution_is_a_changed_field_of_its_forecast_set(small_kb, capsys):
    (small_kb / "content" / "people").mkdir()
    (small_kb / "content" / "people" / "jane-doe.md").write_text(
        "---\nid: jane-doe\ntype: person\ntitle: Jane Doe\nsummary: A researcher.\n---\n",
        encoding="utf-8",
    )
    (small_kb / "content" / "forecasts").mkdir()
    path = small_kb / "content" / "forecasts" / "a-set.md"
    text = (
        "---\nid: a-set\ntype: forecast-set\ntitle: A set\nsummary: S.\nby: jane-doe\n"
        "made: 2024-01-01\nsources: [{key: meng2022locating}]\n"
        "forecasts: [{id: a, statement: It will., probability: 0.5}]\n---\n"
    )
    path.write_text(text, encoding="utf-8")
    init_repository(small_kb)
    resolution = (
        "resolutions: [{forecast: a, outcome: no, date: 2024-05, source: meng2022locating}]"
    )
    path.write_text(text.removesuffix("---\n") + resolution + "\n---\n", encoding="utf-8")
    out = _diff(small_kb, capsys, "HEAD")
    assert "a-set (forecast-set): A set [resolutions]" in out
