"""Published ids never vanish: the registry check and `kb publish-ids`."""

from __future__ import annotations

from kb import pipeline
from kb.commands.cli import main
from kb.project import load_project

REGISTRY = "content/published-ids.txt"


def _codes(root):
    return [
        (d.code, d.position.path, d.position.line)
        for d in pipeline.run(load_project(root)).diagnostics
        if d.is_error
    ]


def test_publish_ids_lists_every_entry_and_alias(small_kb, capsys):
    assert main(["--root", str(small_kb), "publish-ids"]) == 0
    assert "6 id(s) added" in capsys.readouterr().out
    listed = (small_kb / REGISTRY).read_text(encoding="utf-8").split()
    for entry_id in ("steering-works", "old-steering-id", "can-steering-work", "baselines-exist"):
        assert entry_id in listed


def test_removed_published_id_fails_check(small_kb):
    main(["--root", str(small_kb), "publish-ids"])
    (small_kb / "content" / "claims" / "baselines-exist.md").unlink()
    lines = (small_kb / REGISTRY).read_text(encoding="utf-8").splitlines()
    line = lines.index("baselines-exist") + 1
    assert _codes(small_kb) == [("published-id-removed", REGISTRY, line)]
    assert main(["--root", str(small_kb), "check"]) == 1


def test_renamed_entry_keeping_its_old_id_as_alias_passes(small_kb):
    main(["--root", str(small_kb), "publish-ids"])
    old = small_kb / "content" / "claims" / "baselines-exist.md"
    text = old.read_text(encoding="utf-8").replace(
        "id: baselines-exist", "id: editing-baselines-exist\naliases: [baselines-exist]"
    )
    old.unlink()
    (small_kb / "content" / "claims" / "editing-baselines-exist.md").write_text(
        text, encoding="utf-8"
    )
    assert _codes(small_kb) == []


def test_withdrawn_entry_keeps_its_id(small_kb):
    main(["--root", str(small_kb), "publish-ids"])
    entry = small_kb / "content" / "claims" / "baselines-exist.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "opposes:", "status: withdrawn\nsuperseded_by: steering-fails\nopposes:"
        ),
        encoding="utf-8",
    )
    assert _codes(small_kb) == []


def test_new_entry_passes_without_registering(small_kb):
    main(["--root", str(small_kb), "publish-ids"])
    (small_kb / "content" / "claims" / "brand-new.md").write_text(
        "---\nid: brand-new\ntype: counterargument\ntitle: New\nsummary: New.\n"
        "opposes: [steering-works]\n---\n",
        encoding="utf-8",
    )
    assert _codes(small_kb) == []


def test_publish_ids_never_removes_a_line(small_kb):
    main(["--root", str(small_kb), "publish-ids"])
    registry = small_kb / REGISTRY
    registry.write_text(registry.read_text(encoding="utf-8") + "# kept comment\n", encoding="utf-8")
    before = registry.read_text(encoding="utf-8")
    (small_kb / "content" / "claims" / "brand-new.md").write_text(
        "---\nid: brand-new\ntype: counterargument\ntitle: New\nsummary: New.\n"
        "opposes: [steering-works]\n---\n",
        encoding="utf-8",
    )
    main(["--root", str(small_kb), "publish-ids"])
    after = registry.read_text(encoding="utf-8")
    assert after.startswith(before) and after[len(before) :] == "brand-new\n"
