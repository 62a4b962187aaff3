"""The rules of a forecast set (contract v2) that span its fields: its forecaster is a person or
organisation, each resolution names one of its forecasts, once, after the set was made, and
cites a known work, as do the sums of its unrecorded forecasts. Kept apart from the relation
rules of `kb.check.validate`, which calls it."""

from __future__ import annotations

from kb.check.codes import report
from kb.check.suggest import did_you_mean
from kb.diagnostics import Diagnostic
from kb.link.graph import Graph
from kb.model import PEOPLE_TYPES, Entry


def forecast_problems(entry: Entry, graph: Graph, known: set[str]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if entry.by is not None:
        position = entry.position_of("by")
        who = graph.resolve(entry.by)
        if entry.by not in known:
            people = [e.id for e in graph.entries.values() if e.type in PEOPLE_TYPES]
            diagnostics.append(
                report(
                    "unknown-entry",
                    position,
                    f"by: no person or organisation has the id '{entry.by}'"
                    + did_you_mean(entry.by, people),
                )
            )
        elif who is not None and who.type not in PEOPLE_TYPES:
            diagnostics.append(
                report(
                    "wrong-target-type",
                    position,
                    f"'by' names a person or organisation; '{entry.by}' is a {who.type}",
                )
            )
    ids: set[str] = set()
    for forecast in entry.forecasts:
        if forecast.id in ids:
            diagnostics.append(
                report(
                    "duplicate-forecast",
                    forecast.position,
                    f"the set already has a forecast '{forecast.id}'",
                )
            )
        ids.add(forecast.id)
    resolved: dict[str, int] = {}
    for resolution in entry.resolutions:
        if resolution.forecast not in ids:
            diagnostics.append(
                report(
                    "unknown-forecast",
                    resolution.position,
                    f"the set has no forecast '{resolution.forecast}'"
                    + did_you_mean(resolution.forecast, sorted(ids)),
                )
            )
        elif resolution.forecast in resolved:
            diagnostics.append(
                report(
                    "forecast-resolved-twice",
                    resolution.position,
                    f"forecast '{resolution.forecast}' is already resolved, at line "
                    f"{resolved[resolution.forecast]}",
                )
            )
        else:
            resolved[resolution.forecast] = resolution.position.line
        if entry.made and _before(resolution.date, entry.made):
            diagnostics.append(
                report(
                    "resolution-before-forecast",
                    resolution.position,
                    f"resolved {resolution.date}, before the forecasts were made ({entry.made})",
                )
            )
        if graph.work(resolution.source) is None:
            diagnostics.append(
                report(
                    "unknown-reference",
                    resolution.position,
                    f"resolution source '{resolution.source}' is not in references.bib"
                    + did_you_mean(resolution.source, [w.key for w in graph.works.values()]),
                )
            )
    unrecorded = entry.unrecorded
    if unrecorded is not None and graph.work(unrecorded.source) is None:
        diagnostics.append(
            report(
                "unknown-reference",
                unrecorded.position,
                f"unrecorded source '{unrecorded.source}' is not in references.bib"
                + did_you_mean(unrecorded.source, [w.key for w in graph.works.values()]),
            )
        )
    return diagnostics


def _before(date: str, made: str) -> bool:
    """Whether `date` is surely before `made`, comparing only the precision both have
    (`2024` is not before `2024-03-01`)."""
    common = min(len(date), len(made))
    return date[:common] < made[:common]
