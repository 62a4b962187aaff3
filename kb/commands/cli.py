"""The `kb` command: start, check, extend, cite and export a knowledge base."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from kb import pipeline
from kb.channels import plain_text
from kb.check.registry import current_ids, read_registry, updated_registry
from kb.check.suggest import did_you_mean
from kb.commands.new_entry import NewEntry, ScaffoldError, write_new_entry
from kb.diagnostics import format_diagnostics
from kb.export.entry_schema import entry_schema
from kb.export.formats import FORMATS as EXPORT_FORMATS
from kb.export.formats import export_text, write_atomically
from kb.link.cruxes import cruxes
from kb.model import ENTRY_TYPES
from kb.project import find_root, load_project
from kb.render.cite import FORMATS as CITE_FORMATS
from kb.render.cite import Version, cite

# What the console script leaves to the operating system at exit instead of freeing it object
# by object: the knowledge base a check read. Freeing it takes 0.04 s at 10,000 entries and
# 0.01 s at 3,000 (medians of 5, `make bench`'s corpus, 2026-12-01). None where `main` is
# called from Python, which keeps nothing.
_left_to_exit: list[object] | None = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kb", description="Start, check, extend, cite and export a knowledge base."
    )
    root_help = "repository root (default: the nearest folder holding mkdocs.yml)"
    parser.add_argument("--root", type=Path, default=None, help=root_help)
    # --root is accepted after the command too (`kb check --root X`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, parents=[common])

    check = command("check", help="validate every entry and references.bib")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")

    cite_parser = command("cite", help="print a citation of an entry")
    cite_parser.add_argument("id")
    cite_parser.add_argument("--format", choices=CITE_FORMATS, default="bibtex")

    new = command("new", help="write a new entry file with a fresh id")
    new.add_argument("type", choices=ENTRY_TYPES)
    new.add_argument("title")
    new.add_argument("--summary", default="")
    for relation in ("supports", "opposes", "answers", "qualifies"):
        new.add_argument(f"--{relation}", action="append", default=[], metavar="ID")
    new.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG")

    diff = command("diff", help="what the working tree changes in the knowledge base since BASE")
    diff.add_argument("base", nargs="?", help="git revision (default: merge base with main)")
    diff.add_argument("--format", choices=("text", "markdown"), default="text")

    cruxes_parser = command("cruxes", help="where the positions on a question part ways")
    cruxes_parser.add_argument("question")

    command("schema", help="print the JSON Schema of an entry's front matter, for editors")
    export = command("export", help="write the knowledge base in an open-data format")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    command(
        "publish-ids",
        help="add every current id and alias to the registry of published ids "
        "(run on the main branch after each merge)",
    )

    init_parser = commands.add_parser("init", help="start a new, empty knowledge base in DIR")
    init_parser.add_argument("dir", type=Path)
    init_parser.add_argument("--title", default="", help="the site's name (default: DIR's name)")
    init_parser.add_argument("--url", default="", help="the site's address")
    init_parser.add_argument("--repo", default="", help="the repository's address")
    init_parser.add_argument(
        "--force", action="store_true", help="add the missing files to a folder that is not empty"
    )

    args = parser.parse_args(argv)
    if args.command == "init":
        return _init(args.dir, args.title, args.url, args.repo, args.force)
    project = load_project(args.root.resolve() if args.root else find_root(Path.cwd()))
    if args.command == "check":
        return _check(project, args.format)
    if args.command == "new":
        return _new(
            project,
            NewEntry(
                args.type,
                args.title,
                args.summary,
                tuple(args.supports),
                tuple(args.opposes),
                tuple(args.answers),
                tuple(args.tags),
                tuple(args.qualifies),
            ),
        )
    if args.command == "diff":
        return _diff(project, args.base, args.format)
    if args.command == "cruxes":
        return _cruxes(project, args.question)
    if args.command == "schema":
        print(json.dumps(entry_schema(project), indent=2))
        return 0
    if args.command == "publish-ids":
        return _publish_ids(project)
    if args.command == "export":
        return _export(project, args.format, args.output)
    return _cite(project, args.id, args.format)


def _init(folder: Path, title: str, url: str, repo: str, force: bool) -> int:
    # Imported here, as in `_diff`: the starter's templates (Jinja2) and git revisions are
    # not needed by `kb check`, whose start-up then takes 0.17 s of CPU time instead of 0.22 s
    # (medians of 5 runs, shared loaded machine, 2026-11-30).
    from kb.commands.init import InitError, Starter
    from kb.commands.init import init as init_knowledge_base

    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    try:
        written = init_knowledge_base(folder, Starter(title, url, repo), force=force)
    except InitError as exc:
        print(f"kb init: {exc}; nothing was written", file=sys.stderr)
        return 1
    for path in written.created:
        print(f"created {path}")
    for path in written.skipped:
        print(f"skipped {path} (exists)", file=sys.stderr)
    print(
        f"kb init: {len(written.created)} file(s) written. Next: cd {folder}, then "
        "'kb new claim \"...\"', 'kb check' and 'mkdocs build --strict'",
        file=sys.stderr,
    )
    return 0


def _check(project, fmt: str) -> int:
    result = pipeline.run(project, check_only=True)
    if _left_to_exit is not None:
        _left_to_exit.append(result)
    output = format_diagnostics(result.diagnostics, fmt)
    if output:
        print(output)
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if fmt == "text":
        print(
            f"kb check: {len(result.entries)} entries, {len(result.graph.works)} works: "
            f"{errors} error(s), {warnings} warning(s)",
            file=sys.stderr,
        )
    return 1 if errors else 0


def _new(project, request: NewEntry) -> int:
    result = pipeline.run(project)
    published, _ = read_registry(project.registry, "")
    taken = current_ids(result.graph) | {entry_id for entry_id, _ in published}
    try:
        path = write_new_entry(project.content_dir, request, result.graph, taken)
    except ScaffoldError as exc:
        print(f"kb new: {exc}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"kb new: {exc.filename} exists; nothing was written", file=sys.stderr)
        return 1
    print(project.relative(path))
    return 0


def _diff(project, base: str | None, fmt: str) -> int:
    from kb.commands.diff import RevisionError, compare, default_base, format_diff, graph_at

    base = base or default_base(project.root)
    try:
        old = graph_at(project, base)
    except RevisionError as exc:
        print(f"kb diff: {exc}", file=sys.stderr)
        return 2
    new = pipeline.run(project)
    refused = [d.position.path for d in new.diagnostics if d.is_error]
    print(format_diff(compare(old, new.graph, refused), base, fmt))
    return 0


def _publish_ids(project) -> int:
    result = pipeline.run(project)
    if not result.ok:
        print(
            "kb publish-ids: the knowledge base has errors; run 'kb check' first", file=sys.stderr
        )
        return 1
    text, added = updated_registry(project.registry, result.graph)
    if added:
        project.registry.write_text(text, encoding="utf-8")
    print(f"kb publish-ids: {added} id(s) added to {project.relative(project.registry)}")
    return 0


def _export(project, fmt: str, output: Path | None) -> int:
    """Export only a knowledge base that passes the check, as the site publishes only those."""
    result = pipeline.run(project)
    if not result.ok:
        print("kb export: the knowledge base has errors; run 'kb check' first", file=sys.stderr)
        return 1
    text = export_text(result.graph, project, fmt)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(output, text)
    except OSError as exc:
        print(f"kb export: cannot write {output}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


def _cruxes(project, question_id: str) -> int:
    """Each pair of positions on the question and the sub-questions they part ways on."""
    graph = pipeline.run(project).graph
    question = graph.resolve(question_id)
    if question is None or question.type != "question":
        questions = [e.id for e in graph.by_type("question")]
        print(
            f"kb cruxes: no question has the id '{question_id}'"
            + did_you_mean(question_id, questions),
            file=sys.stderr,
        )
        return 1
    found = cruxes(graph, question.id)
    if not found:
        print(f"No crux found for '{question.id}'.")
    for crux in found:
        print(f"{crux.first.id} and {crux.second.id} part ways on {crux.question.id}:")
        for x, y in crux.answers:
            print(f"  {x.id} (for {crux.first.id}) against {y.id} (for {crux.second.id})")
    return 0


def _cite(project, entry_id: str, fmt: str) -> int:
    result = pipeline.run(project)
    entry = result.graph.resolve(entry_id)
    if entry is None:
        print(
            f"kb cite: no entry has the id '{entry_id}'"
            + did_you_mean(entry_id, result.graph.entries),
            file=sys.stderr,
        )
        return 1
    errors = [d for d in result.diagnostics if d.is_error and d.position.path == entry.path]
    if errors:  # a citation would carry what the check refuses, or the id in place of a title
        print(
            f"kb cite: {plain_text(entry.path)} has {len(errors)} error(s); "
            "run 'kb check' and cite the entry once they are fixed",
            file=sys.stderr,
        )
        return 1
    from kb.git import read_history  # only citing runs git: other commands need not load it

    history = read_history(project.root, project.content_dir)
    change = history.last_change(entry.path)
    version = Version(
        changed=change.date if change else None,
        commit=history.head,
        accessed=date.today().isoformat(),
    )
    print(cite(entry, project, fmt, version))
    return 0


def run() -> None:
    """The `kb` console script: `main`, quiet when its reader has gone (`kb check | head`)."""
    global _left_to_exit
    _left_to_exit = []
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the output is lost: say so, and let the exit flush go nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    if _left_to_exit:  # all is written; what was read goes with the process
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
