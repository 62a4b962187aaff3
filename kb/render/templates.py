"""The templates every page, fragment, map and redirect is made from, escaping by default.

Content is untrusted, so no HTML is assembled from strings: Jinja2 templates with autoescaping
on print every value escaped. Two things are trusted as markup: a body as the body renderer
made it (`body_markup`, the one place where text is marked safe) and JSON made by the
`html_json` filter, which leaves no `<`, `>` or `&` in it.

A site may override any template, as it overrides the theme's: a file of the same name in
`<theme.custom_dir>/kb/` (`overrides/kb/entry.html`) takes precedence over the one shipped in
`kb/render/templates/`, which stays reachable as `default/<name>` for an override to extend.
Templates are compiled once per run: each run makes one environment.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup, escape

from kb import addresses
from kb.export.kb_json import html_safe_json
from kb.link.status import INFERENCE_HELP, INFERENCE_LABELS, STATUS_HELP, STATUS_LABELS
from kb.mathml import MathError, text_with_math
from kb.model import TYPE_LABELS

TEMPLATES = Path(__file__).parent / "templates"
OVERRIDE_FOLDER = "kb"  # inside a site's theme.custom_dir


def body_markup(html: str) -> Markup:
    """A body as the body renderer (`kb.render.body`) made it: safe Markdown, raw HTML off."""
    return Markup(html)


def _html_json(value: object) -> Markup:
    """JSON that may stand inside HTML, even in a script: no raw `<`, `>` or `&` in it."""
    return Markup(html_safe_json(value))


def _publishable(url: object) -> bool:
    """Whether the link policy (`kb.addresses.link_problem`) lets `url` become a link."""
    return isinstance(url, str) and addresses.link_problem(url, allow_relative=False) is None


def _with_math(text: str) -> Markup:
    """A BibTeX title with its `$...$` as MathML and the rest escaped (`kb.mathml`); a formula
    that does not convert (reported by the check) is shown as the text it is."""
    if "$" not in text:
        return escape(text)
    try:
        return Markup(text_with_math(text))
    except MathError:
        return escape(text)


def _code_parts(text: str) -> list[tuple[bool, str]]:
    """`text` as (is code, part) pairs: `backticked` words are code."""
    parts = re.split(r"`([^`]+)`", text)
    return [(index % 2 == 1, part) for index, part in enumerate(parts) if part]


def environment(custom_dir: Path | None = None) -> Environment:
    """The template environment for a site whose overrides are in `custom_dir`, if any."""
    shipped = FileSystemLoader(TEMPLATES)
    loaders: list = []
    if custom_dir:
        loaders.append(FileSystemLoader(custom_dir / OVERRIDE_FOLDER))
    loaders += [PrefixLoader({"default": shipped}), shipped]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        auto_reload=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["html_json"] = _html_json
    env.filters["code_parts"] = _code_parts
    env.filters["with_math"] = _with_math
    env.tests["publishable"] = _publishable
    env.globals.update(
        type_labels=TYPE_LABELS,
        status_labels=STATUS_LABELS,
        status_help=STATUS_HELP,
        inference_labels=INFERENCE_LABELS,
        inference_help=INFERENCE_HELP,
        work_url=addresses.work_url,
        tag_url=addresses.tag_url,
        tag_anchor=addresses.tag_anchor,
    )
    return env
