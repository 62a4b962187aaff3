"""The plain data the pipeline passes along: entries, their sources and markup, works.

The small values, made by the hundred thousand, are named tuples: cheaper to build and to
pickle than frozen dataclasses, and as immutable."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from kb.addresses import entry_url, person_url, work_slug
from kb.diagnostics import Position

if TYPE_CHECKING:
    from markdown_it.token import Token

ENTRY_TYPES = ("claim", "counterargument", "question", "person", "organisation", "forecast-set")
TYPE_LABELS = {
    "claim": "Claim",
    "counterargument": "Counterargument",
    "question": "Question",
    "person": "Person",
    "organisation": "Organisation",
    "forecast-set": "Forecast set",
}
FOLDER_OF_TYPE = {
    "claim": "claims",
    "counterargument": "claims",
    "question": "questions",
    "person": "people",
    "organisation": "people",
    "forecast-set": "forecasts",
}
# The folders of `content/` that hold entries, one source for the loader and the addresses.
ENTRY_FOLDERS = tuple(dict.fromkeys(FOLDER_OF_TYPE.values()))
# Entries argued for and against (they have an argument status), and entries that hold them.
ARGUMENT_TYPES = ("claim", "counterargument")
# The entries of the debate itself: statements and questions (not people or forecast sets).
DEBATE_TYPES = ("claim", "counterargument", "question")
PEOPLE_TYPES = ("person", "organisation")
# How a forecast turned out (`resolutions[].outcome`).
OUTCOMES = ("yes", "no", "ambiguous")
RELATIONS = ("supports", "disputes", "background")
STATUSES = ("active", "withdrawn")
# The relations between entries that name their targets by id, in the order pages list them:
# `qualifies` (contract v2) accepts its target and limits what it shows; it is not an attack.
ENTRY_RELATIONS = ("supports", "opposes", "answers", "qualifies")
# An undercut (contract v2) attacks the step from a premise to a conclusion (the `supports`
# edge premise -> conclusion), leaving both statements alone; Argdown's `_>`, an AIF conflict
# aimed at the inference node.
UNDERCUTS = "undercuts"


class Source(NamedTuple):
    """A work an entry relies on, from its `sources` field."""

    key: str
    locator: str | None
    relation: str
    position: Position


class Undercut(NamedTuple):
    """An `undercuts` item: the entry attacks the inference `premise` supports `conclusion`."""

    premise: str
    conclusion: str
    position: Position


class Attribution(NamedTuple):
    """A `held_by` item: `who` (a person or organisation) holds the claim, as said in the work
    `source` (a key of references.bib) at `locator`, with an optional one-sentence `quote`, the
    `date` it was said (ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`), and how strongly: a `credence`
    in [0, 1] or a qualitative `hedge` ("more likely than not"). `note` explains a change of
    mind or an apparent contradiction."""

    who: str
    source: str
    locator: str | None
    quote: str | None
    date: str | None
    credence: float | None
    hedge: str | None
    note: str | None
    position: Position


class Forecast(NamedTuple):
    """One prediction of a forecast set: `id` (unique within the set), what will happen
    (`statement`), by when (`deadline`, an ISO date or None) and with what `probability`."""

    id: str
    statement: str
    deadline: str | None
    probability: float
    position: Position


class Resolution(NamedTuple):
    """How a forecast of the set turned out: `outcome` yes, no or ambiguous, `date` it was
    settled, and the work (`source`, `locator`) that settles it."""

    forecast: str
    outcome: str
    date: str
    source: str
    locator: str | None
    position: Position


class Unrecorded(NamedTuple):
    """Forecasts of a set that its record cannot list one by one, because the text that gave
    them is not available: how many (`count`), the sum of their probabilities and how many
    happened, as `source` establishes. The expected count and the linear score need only
    these sums; the Brier and log scores and the calibration chart cover the listed ones."""

    count: int
    probability: float
    happened: int
    source: str
    locator: str | None
    position: Position


class CitedItem(NamedTuple):
    """One cited work: `@key` in a bracketed citation or in the text, with its locator
    (`p. 4`) if any. `mode` is `normal`, `suppress-author` (`[-@key]`) or `in-text`
    (`@key says`)."""

    key: str
    locator: str | None
    position: Position
    mode: str = "normal"


class Citation(NamedTuple):
    """A citation in a body: `[see @a; @b, p. 4]`, or `@a` in the text (one item)."""

    items: tuple[CitedItem, ...]
    position: Position


class CrossLink(NamedTuple):
    """A `[[id]]`, `[[id#anchor]]` or `[[id|text]]` link in a body; `target` keeps the
    `#anchor`."""

    target: str
    label: str | None
    position: Position


@dataclass(frozen=True)
class Entry:
    """A claim, counterargument or question, as its file declares it."""

    id: str
    type: str
    title: str
    summary: str
    path: str
    body: str = ""
    body_line: int = 1
    tags: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    opposes: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    qualifies: tuple[str, ...] = ()
    undercuts: tuple[Undercut, ...] = ()
    held_by: tuple[Attribution, ...] = ()
    # A forecast set (contract v2): who made it, when, its forecasts and their resolutions.
    by: str | None = None
    made: str | None = None
    forecasts: tuple[Forecast, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    unrecorded: Unrecorded | None = None
    sources: tuple[Source, ...] = ()
    aliases: tuple[str, ...] = ()
    status: str = "active"
    superseded_by: str | None = None
    citations: tuple[Citation, ...] = ()
    links: tuple[CrossLink, ...] = ()
    anchors: tuple[str, ...] = ()  # the ids of the body's headings
    # The body's one markdown-it parse (`kb.load.body`), read by its page and search record.
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    # Where each field's value (`"title"`) and list item (`"opposes[1]"`) stands in the file.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def position_of(self, name: str) -> Position:
        base = name.split("[", 1)[0]
        line, col = self.positions.get(name) or self.positions.get(base) or (1, 1)
        return Position(self.path, line, col)

    @property
    def folder(self) -> str:
        return FOLDER_OF_TYPE.get(self.type, "claims")

    @cached_property
    def url(self) -> str:
        """The permanent address of the entry, relative to the site root (asked on every page
        that lists the entry, so it is made once)."""
        if self.type in PEOPLE_TYPES:
            return person_url(self.id)
        return entry_url(self.folder, self.id)

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


@dataclass(frozen=True)
class Work:
    """A paper, post or report from `references.bib`, LaTeX decoded: its title, names and
    venue are plain text, except math, kept as `$...$` for the renderer to typeset."""

    key: str
    entry_type: str
    title: str
    authors: tuple[str, ...]
    year: str
    venue: str
    doi: str | None
    arxiv: str | None
    url: str | None
    position: Position
    # Set from the BibTeX field `retracted` (a date, a notice or "true"): entries citing a
    # retracted work are flagged.
    retracted: str | None = None
    # The author list ends with BibTeX's `and others`: shown as "et al.".
    et_al: bool = False

    @property
    def slug(self) -> str:
        """The work's address segment (`kb.addresses.work_slug`), also how keys are matched."""
        return work_slug(self.key)

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def link(self) -> str | None:
        """The best public address of the work: DOI, then arXiv, then its URL."""
        return self.doi_url or self.arxiv_url or self.url
