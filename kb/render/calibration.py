"""The calibration chart of a forecast set or a forecaster, laid out for inline SVG.

Drawn at build time, like the maps, so it needs no script: each non-empty probability bin
(`kb.link.forecasts.calibration`) is a point at (mean probability, share that happened), its
area growing with the number of forecasts, over the diagonal of perfect calibration. The
template `calibration.html` draws it with a title and description for screen readers and the
same numbers as a table, the chart's text alternative.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from kb.link.forecasts import CalibrationBin

SIZE, MARGIN = 240, 36  # the plot's side and the room for the axes' labels


class ChartPoint(NamedTuple):
    x: str
    y: str
    r: str
    bin: CalibrationBin


class Chart(NamedTuple):
    label: str  # what the chart is of, for its title
    width: str
    height: str
    origin_x: str
    origin_y: str
    end_x: str
    end_y: str
    ticks: tuple[tuple[str, str, str], ...]  # (label, position along x, position along y)
    points: tuple[ChartPoint, ...]
    bins: tuple[CalibrationBin, ...]


def calibration_chart(label: str, bins: list[CalibrationBin]) -> Chart:
    """The chart of `bins`; probability along x, share that happened along y."""

    def x(value: float) -> float:
        return MARGIN + value * SIZE

    def y(value: float) -> float:
        return MARGIN / 2 + (1 - value) * SIZE

    most = max((b.count for b in bins), default=1)
    points = tuple(
        ChartPoint(
            _n(x(b.mean_probability)),
            _n(y(b.frequency)),
            _n(3 + 7 * math.sqrt(b.count / most)),
            b,
        )
        for b in bins
    )
    ticks = tuple((f"{t:.1f}".rstrip("0").rstrip("."), _n(x(t)), _n(y(t))) for t in (0, 0.5, 1))
    return Chart(
        label,
        _n(SIZE + MARGIN + 12),
        _n(SIZE + MARGIN + MARGIN / 2),
        _n(x(0)),
        _n(y(0)),
        _n(x(1)),
        _n(y(1)),
        ticks,
        points,
        tuple(bins),
    )


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
