"""Forecasts: how well a set of predictions, or a forecaster, did once the outcomes are known.

A forecast is a probability p that something will happen; its resolution says whether it did
(yes: o = 1, no: o = 0, or ambiguous: left out of every score). For a set of forecasts:

- *expected count*: the sum of all probabilities, resolved or not: how many of the predicted
  things the forecaster expected to happen ("my probabilities sum to 165%" is 1.65);
- *linear score*: the sum over resolved forecasts of (1 - p) when it happened and -p when it
  did not, as the seed discussion's author scored himself; it equals hits minus the expected
  count of the resolved forecasts, so above 0 means more happened than expected;
- *Brier score*: the mean of (p - o)^2, from 0 (perfect) to 1; 0.25 is always saying 50%;
- *log score*: the mean of ln(p) when it happened and ln(1 - p) when it did not, at most 0;
  minus infinity when something given probability 0 happened (shown as such, not hidden);
- *calibration*: forecasts grouped in ten bins of probability ([0, 0.1), ..., [0.9, 1]), each
  with its mean probability and the share that happened; a well calibrated forecaster's
  points lie on the diagonal.

Scores are plain functions of (probability, outcome) pairs, so a set's scores and a
forecaster's (every set they made) are computed the same way. A set may also hold forecasts
its record cannot list one by one (`Unrecorded`: only how many, the sum of their
probabilities and how many happened are known); they count in the number of forecasts, the
expected count and the linear score, which need only those sums, and are left out of the
Brier and log scores and the calibration, which need each probability.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kb.link.graph import Graph
    from kb.model import Entry, Forecast, Resolution, Unrecorded

YES, NO, AMBIGUOUS = "yes", "no", "ambiguous"
BINS = 10


@dataclass(frozen=True)
class Scores:
    count: int  # forecasts, resolved or not
    resolved: int  # resolved yes or no
    open: int  # not resolved
    hits: int  # resolved yes
    expected: float  # sum of every probability
    linear: float | None  # None when nothing is resolved
    brier: float | None
    log: float | None  # may be -math.inf
    unrecorded: int = 0  # forecasts scored from sums only: in the counts and linear score

    @property
    def log_is_infinite(self) -> bool:
        return self.log == -math.inf


class CalibrationBin(NamedTuple):
    lower: float
    upper: float
    count: int
    mean_probability: float
    frequency: float  # the share that happened


def scores(
    pairs: Iterable[tuple[float, str | None]], unrecorded: Iterable[Unrecorded] = ()
) -> Scores:
    """The scores of (probability, outcome) pairs, outcome None for an open forecast, and of
    forecasts known only by their sums (`unrecorded`)."""
    pairs, lumps = list(pairs), list(unrecorded)
    decided = [(p, 1 if outcome == YES else 0) for p, outcome in pairs if outcome in (YES, NO)]
    extra = sum(u.count for u in lumps)
    count, resolved = len(pairs) + extra, len(decided) + extra
    hits = sum(o for _, o in decided) + sum(u.happened for u in lumps)
    expected = math.fsum([*(p for p, _ in pairs), *(u.probability for u in lumps)])
    if not resolved:
        return Scores(count, 0, _open(pairs), 0, expected, None, None, None, extra)
    # Hits minus the probabilities: for the lumps, what they add to sum((1 - p) or -p).
    linear = math.fsum(
        [*((1 - p) if o else -p for p, o in decided), *(u.happened - u.probability for u in lumps)]
    )
    brier = log = None
    if decided:
        brier = math.fsum((p - o) ** 2 for p, o in decided) / len(decided)
        logs = [p if o else 1 - p for p, o in decided]
        log = -math.inf if 0 in logs else math.fsum(math.log(x) for x in logs) / len(decided)
    return Scores(count, resolved, _open(pairs), hits, expected, linear, brier, log, extra)


def set_scores(sets: Iterable[Entry]) -> Scores:
    """The scores of every forecast of `sets`, listed or unrecorded: one set's, or a
    forecaster's."""
    sets = list(sets)
    return scores(pairs_of(sets), [s.unrecorded for s in sets if s.unrecorded])


def _open(pairs: list[tuple[float, str | None]]) -> int:
    return sum(1 for _, outcome in pairs if outcome is None)


def calibration(pairs: Iterable[tuple[float, str | None]]) -> list[CalibrationBin]:
    """The non-empty bins of resolved (yes or no) forecasts, from low probability to high."""
    groups: dict[int, list[tuple[float, int]]] = {}
    for p, outcome in pairs:
        if outcome in (YES, NO):
            groups.setdefault(min(int(p * BINS), BINS - 1), []).append((p, outcome == YES))
    return [
        CalibrationBin(
            index / BINS,
            (index + 1) / BINS,
            len(items),
            math.fsum(p for p, _ in items) / len(items),
            sum(1 for _, hit in items if hit) / len(items),
        )
        for index, items in sorted(groups.items())
    ]


def outcomes(forecast_set: Entry) -> list[tuple[Forecast, Resolution | None]]:
    """Each forecast of a set with its resolution (the first, if the check found two)."""
    first: dict[str, Resolution] = {}
    for resolution in forecast_set.resolutions:
        first.setdefault(resolution.forecast, resolution)
    return [(f, first.get(f.id)) for f in forecast_set.forecasts]


def pairs_of(sets: Iterable[Entry]) -> list[tuple[float, str | None]]:
    """The (probability, outcome) pairs of every forecast of `sets`."""
    return [(f.probability, r.outcome if r else None) for s in sets for f, r in outcomes(s)]


def forecaster_sets(graph: Graph, person_id: str) -> list[Entry]:
    return [graph.entries[i] for i in graph.forecast_sets.get(person_id, ())]


def points(probability: float, outcome: str | None) -> float | None:
    """A forecast's linear score: 1 - p if it happened, -p if not, None otherwise."""
    if outcome == YES:
        return 1 - probability
    if outcome == NO:
        return -probability
    return None
