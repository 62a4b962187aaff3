"""Forecast scores against examples worked by hand, among them the seed author's own."""

from __future__ import annotations

import math

import pytest

from kb.diagnostics import Position
from kb.link.forecasts import calibration, scores
from kb.model import Unrecorded

# The seed discussion: predictions for "the next big paper on sparse autoencoders" whose
# probabilities "sum to 165%"; the paper that did the things given 0.6, 0.2 and 0.15, and
# none of the others, earned its author's linear score of 1.35. The other probabilities here
# are a worked example: the shipped set records what is known of the real list.
SEED = [0.6, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
# The list of May 2024, with its author's outcomes: the first three happened, the rest did not.
MAY_2024 = [0.99, 0.95, 0.8, 0.2, 0.2, 0.25, 0.05, 0.15, 0.1, 0.05]


def _pairs(yes_indices: set[int], probabilities=SEED):
    return [(p, "yes" if i in yes_indices else "no") for i, p in enumerate(probabilities)]


def test_the_seed_authors_linear_score_of_1_35():
    result = scores(_pairs({0, 1, 2}))
    assert result.expected == pytest.approx(1.65)
    # (1 - 0.6) + (1 - 0.2) + (1 - 0.15) - 7 * 0.1 = 0.4 + 0.8 + 0.85 - 0.7
    assert result.linear == pytest.approx(1.35)
    assert (result.count, result.resolved, result.open, result.hits) == (10, 10, 0, 3)


def test_brier_and_log_scores_by_hand():
    result = scores(_pairs({0, 1, 2}))
    # (0.4^2 + 0.8^2 + 0.85^2 + 7 * 0.1^2) / 10 = (0.16 + 0.64 + 0.7225 + 0.07) / 10
    assert result.brier == pytest.approx(0.15925)
    by_hand = (math.log(0.6) + math.log(0.2) + math.log(0.15) + 7 * math.log(0.9)) / 10
    assert result.log == pytest.approx(by_hand)
    assert result.log == pytest.approx(-0.475491, abs=1e-6)


def test_the_may_2024_list_scores_minus_0_74_as_its_author_scored_it():
    # (0.01 + 0.05 + 0.2) - (0.2 + 0.2 + 0.25 + 0.05 + 0.15 + 0.1 + 0.05) = 0.26 - 1
    result = scores(_pairs({0, 1, 2}, MAY_2024))
    assert result.expected == pytest.approx(3.74)
    assert result.linear == pytest.approx(-0.74)


def test_forecasts_known_by_their_sums_count_in_the_linear_score_only():
    # The October 2024 list: five forecasts listed, three known only as 35% in all, none
    # of which happened; 0.4 + 0.8 - 0.2 + 0.85 - 0.15 - 0.35 = 1.35.
    listed = [(0.6, "yes"), (0.2, "yes"), (0.2, "no"), (0.15, "yes"), (0.15, "no")]
    lump = Unrecorded(3, 0.35, 0, "casper2025eisxv", None, Position("x.md", 1, 1))
    result = scores(listed, [lump])
    assert (result.count, result.resolved, result.hits, result.unrecorded) == (8, 8, 3, 3)
    assert result.expected == pytest.approx(1.65)
    assert result.linear == pytest.approx(1.35)
    assert result.brier == pytest.approx(scores(listed).brier)  # the five listed only
    only = scores([], [lump._replace(happened=1)])
    assert (only.linear, only.brier, only.log) == (pytest.approx(0.65), None, None)


def test_open_and_ambiguous_forecasts_count_only_in_the_expected_count():
    result = scores([(0.6, "yes"), (0.5, None), (0.3, "ambiguous")])
    assert result.expected == pytest.approx(1.4)
    assert (result.resolved, result.open) == (1, 1)
    assert result.linear == pytest.approx(0.4) and result.brier == pytest.approx(0.16)


def test_nothing_resolved_has_no_score_and_certainty_proved_wrong_is_minus_infinity():
    assert scores([(0.5, None)]).linear is None
    assert scores([(0.0, "yes"), (0.5, "no")]).log == -math.inf


def test_calibration_bins_hold_mean_probability_and_frequency():
    bins = calibration(_pairs({0, 1, 2}))
    # [0.1, 0.2): 0.15 (happened) and seven 0.1; [0.2, 0.3): 0.2; [0.6, 0.7): 0.6.
    assert [(b.lower, b.count) for b in bins] == [(0.1, 8), (0.2, 1), (0.6, 1)]
    low = bins[0]
    assert low.mean_probability == pytest.approx((0.15 + 0.7) / 8)
    assert low.frequency == pytest.approx(1 / 8)
    assert bins[2].frequency == 1.0
    assert calibration([(1.0, "yes")])[0].lower == 0.9
