"""`kb init DIR`: a new, empty knowledge base that passes `kb check` and builds at once.

The files are package data under `starter/`, not strings in code: a name segment `dot-x` is
written as `.x` (wheels and package-data globs skip hidden files), and a file ending in `.jinja`
is rendered with the title, addresses and generator, each quoted for the file it goes into.
Nothing is ever overwritten: a folder that is not empty is refused unless `force` is given, and
even then every file that exists already is left as it is and reported as skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

from kb.addresses import link_problem

STARTER = Path(__file__).parent / "starter"
_TEMPLATE_SUFFIX = ".jinja"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


class InitError(ValueError):
    """Why no knowledge base was written."""


@dataclass(frozen=True)
class Starter:
    """What the new knowledge base is called and where it lives."""

    title: str
    url: str = ""  # the site's address
    repo: str = ""  # the repository's address, for edit and history links


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # existed already; left as they were


def init(folder: Path, starter: Starter, *, force: bool = False) -> Written:
    """Write the starter knowledge base into `folder`; never overwrite a file."""
    _validate(starter)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(f"{folder} is not empty; pass --force to add only the missing files")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER),
        autoescape=False,  # YAML and Markdown: every value goes through a quoting filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = json.dumps  # a JSON string is a YAML string, quotes and all
    env.filters["markdown"] = lambda text: _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    values = {
        "title": starter.title,
        "url": starter.url,
        "repo": starter.repo,
        "generator": _generator(),
    }
    written = Written()
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = source.relative_to(STARTER)
        target = folder.joinpath(*(_name(part) for part in relative.parts))
        if target.name.endswith(_TEMPLATE_SUFFIX):
            target = target.with_name(target.name.removesuffix(_TEMPLATE_SUFFIX))
            text = env.get_template(relative.as_posix()).render(values)
        else:
            text = source.read_text(encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            written.skipped.append(target)
            continue
        written.created.append(target)
    return written


def _name(part: str) -> str:
    return "." + part.removeprefix("dot-") if part.startswith("dot-") else part


def _validate(starter: Starter) -> None:
    if not starter.title.strip() or any(ord(c) < 0x20 or c == "\x7f" for c in starter.title):
        raise InitError("the title must be one line of text")
    if any(c in starter.title for c in '<>"'):
        # The theme prints the site's name into the page as it is.
        raise InitError('the title may not contain <, > or "')
    for option, value in (("--url", starter.url), ("--repo", starter.repo)):
        problem = link_problem(value, allow_relative=False) if value else None
        if problem or (value and not value.startswith(("https://", "http://"))):
            raise InitError(f"{option}: {problem or 'must be a web address'}: {value!r}")


def _generator() -> str:
    """The requirement that installs this generator, as it is installed here."""
    names = metadata.packages_distributions().get("kb_mkdocs") or ["kb"]
    try:
        return f"{names[0]}=={metadata.version(names[0])}"
    except metadata.PackageNotFoundError:
        return names[0]
