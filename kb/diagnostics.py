"""Diagnostics: problems found in content, as values rather than exceptions.

Every stage reports what it finds as `Diagnostic` values so one run can show a
contributor every problem at once, each pointing at a file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from kb.channels import json_text, plain_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Position(NamedTuple):
    """A place in a file: path relative to the repository root, 1-based line and column.

    A tuple, so that the many made while reading a large knowledge base cost little.
    """

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.position, self.code, self.message)

    def as_text(self) -> str:
        """One line for a terminal or a log; content in the path or message cannot start
        another line or an escape sequence (`kb.channels.plain_text`)."""
        p = self.position
        return plain_text(
            f"{p.path}:{p.line}:{p.col}: {self.severity}[{self.code}]: {self.message}"
        )

    def as_github(self) -> str:
        """A GitHub workflow command that annotates the line; content cannot end it early or
        start another command."""
        p = self.position
        kind = "error" if self.is_error else "warning"
        message = _github_escape(f"[{self.code}] {self.message}")
        return f"::{kind} file={_github_property(p.path)},line={p.line},col={p.col}::{message}"

    def as_dict(self) -> dict:
        data = self.position._asdict()
        data.update(severity=str(self.severity), code=self.code, message=self.message)
        return data


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    """Render diagnostics as `text` (one per line), `json` (a list) or `github` annotations."""
    items = sorted_diagnostics(diagnostics)
    if fmt == "json":
        return json_text([d.as_dict() for d in items], indent=2)
    if fmt == "github":
        return "\n".join(d.as_github() for d in items)
    return "\n".join(d.as_text() for d in items)


def _github_escape(text: str) -> str:
    """The data of a workflow command, escaped as GitHub's toolkit does (`%`, CR, LF), after
    every other control character is made visible."""
    return plain_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A value of an annotation property, where `,` and `:` would end it early."""
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")
