"""The `kb` command: check the knowledge base and cite its entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import pipeline
from kb.cite import FORMATS as CITE_FORMATS
from kb.cite import cite
from kb.diagnostics import format_diagnostics
from kb.project import find_root, load_project
from kb.registry import updated_registry
from kb.suggest import did_you_mean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Check and cite the knowledge base.")
    parser.add_argument("--root", type=Path, default=None,
                        help="repository root (default: the folder holding mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate every entry and references.bib")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")

    cite_parser = commands.add_parser("cite", help="print a citation of an entry")
    cite_parser.add_argument("id")
    cite_parser.add_argument("--format", choices=CITE_FORMATS, default="bibtex")

    commands.add_parser("publish-ids", help="add every current id and alias to the registry of "
                        "published ids (run on the main branch after each merge)")

    args = parser.parse_args(argv)
    project = load_project(args.root.resolve() if args.root else find_root(Path.cwd()))
    if args.command == "check":
        return _check(project, args.format)
    if args.command == "publish-ids":
        return _publish_ids(project)
    return _cite(project, args.id, args.format)


def _check(project, fmt: str) -> int:
    result = pipeline.run(project)
    output = format_diagnostics(result.diagnostics, fmt)
    if output:
        print(output)
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if fmt == "text":
        print(f"kb check: {len(result.entries)} entries, {len(result.graph.works)} works: "
              f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _publish_ids(project) -> int:
    result = pipeline.run(project)
    if not result.ok:
        print("kb publish-ids: the knowledge base has errors; run 'kb check' first", file=sys.stderr)
        return 1
    text, added = updated_registry(project.registry, result.graph)
    if added:
        project.registry.write_text(text, encoding="utf-8")
    print(f"kb publish-ids: {added} id(s) added to {project.relative(project.registry)}")
    return 0


def _cite(project, entry_id: str, fmt: str) -> int:
    result = pipeline.run(project)
    entry = result.graph.resolve(entry_id)
    if entry is None:
        print(f"kb cite: no entry has the id '{entry_id}'"
              + did_you_mean(entry_id, result.graph.entries), file=sys.stderr)
        return 1
    print(cite(entry, project, fmt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
