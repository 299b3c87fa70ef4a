"""Interval calibration that survives shift (pure): pay drift, its uncertainty, split CQR.

Plain split conformal (one offset added to both ends, learnt on the latest slice) assumes the
later vacancies resemble that slice. Real warehouses break it; what is done about it here:

- **Pay drifts up over time** (nominal wages in Russia grew 10–18 % a year in 2021–2025), so a
  model fitted on older vacancies sits low on later ones. `drift_per_year` estimates the log pay
  growth from the rows themselves (within cells of like jobs, OLS), shrunk towards a prior of
  `PRIOR_DRIFT` when the data span too short a time to tell; training targets are brought to
  the end of the window and predictions are moved by the drift to the date they are for. The
  drift is uncertain, more so the further ahead: each end of the interval also moves out by
  the drift's standard error times the years ahead (`uncertainty`).
- **The calibration slice may be unlike what follows** (another source, another year). The
  split-conformal offset is learnt after the drift is taken out, so it measures spread, not
  level, and what a level shift leaves is covered by the drift's uncertainty above.
- **The slice may mix stale and recent vacancies** (one old search fills most of it, a few rows
  of the new ones close it). Scores are weighted by recency, exp(−age / `RECENCY_YEARS`), as in
  conformal prediction beyond exchangeability (Barber et al. 2023: fixed weights chosen before
  seeing the data, the new vacancy's own weight 1 standing at +∞), so the rows nearest the
  vacancies to come count most; with a slice spanning a few weeks the weights are all ≈ 1 and
  this is plain split conformal.
- **Sources differ in how hard they are** (a search of one title against a broad export; pay
  written as text), and the mix of sources changes between the calibration slice and later
  data. Mondrian (group-conditional) conformal by source (`calibrate(…, groups=…)`): each
  source with calibration rows gets its own offset, shrunk towards the pooled one by
  `GROUP_PRIOR_ROWS` pseudo-rows and never below it (a source that looks easy on the slice is
  often one homogeneous search; what follows from it need not be); a source the slice never saw,
  or a row without one (a single offer), gets the pooled offset.

Also tried on the real warehouses (docs/model.md) and dropped: a separate offset for each end
(Romano et al. 2019, asymmetric CQR) and scores normalised by the predicted width (Lei et al.
2018) chased a lopsided calibration slice (mean width past the global P10–P90 range on mixed
real data: 272 000 and 713 000 ₽ against 211 000 ₽); Mondrian groups by role family, seniority,
P50 level or predicted width lost coverage where the slice's groups were one narrow search;
weights from a classifier of calibration against test rows (Tibshirani et al. 2019) swung
coverage to 75–87 % and past the global width, and needs the rows to be predicted.
The interval is never narrower than `MIN_LOG_WIDTH`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

COVERAGE = 0.8  # P10–P90
# Prior for nominal pay growth, log per year (≈ +10 %/year; Rosstat's nominal wage growth was
# 11–18 % a year in 2021–2025, vacancies' asking pay grows a little more slowly) and its
# standard deviation: the data override it only when their own estimate is precise.
PRIOR_DRIFT = 0.095
PRIOR_DRIFT_SD = 0.05
# Pay is never moved by more than this many years of drift, forward or back.
MAX_HORIZON_YEARS = 3.0
# Calibration scores count exp(−age / RECENCY_YEARS): a vacancy a year older than the window's
# end counts e⁻¹ ≈ 0.37 as much (pay moves by about a tenth a year; docs/model.md: 2 years
# gives 75–82 % on the csv-exports, half a year 83–88 %).
RECENCY_YEARS = 1.0
# Mondrian conformal: a group's own quantile counts as n / (n + GROUP_PRIOR_ROWS) of its offset,
# the pooled quantile the rest (30 rows: the offset of a group of 30 is half its own).
GROUP_PRIOR_ROWS = 30
# Widths are floored at exp(0.05) − 1 ≈ 5 % of pay: a zero-width interval claims certainty.
MIN_LOG_WIDTH = 0.05
_YEAR_SECONDS = 365.25 * 24 * 3600


@dataclass(frozen=True)
class Offsets:
    """Conformal offsets in log pay: subtracted from log P10, added to log P90 (equal: one
    score per row, how far its log pay falls outside the interval); the rows they came from."""

    low: float = 0.0
    high: float = 0.0
    n: int = 0
    # Mondrian offsets, ((group, offset, calibration rows), …), each ≥ the pooled offset; a
    # tuple (not a dict) so that offsets pickled before groups existed still read as none.
    groups: tuple[tuple[str, float, int], ...] = ()

    def per_row(self, groups=None) -> tuple[np.ndarray | float, np.ndarray | float]:
        """(low, high) offset for each row of `groups` (the pooled offsets without groups)."""
        if groups is None or not self.groups:
            return self.low, self.high
        own = {name: offset for name, offset, _ in self.groups}
        labels = np.asarray(groups, dtype=object)
        extra = np.array([own.get(str(g), self.high) - self.high for g in labels], dtype=float)
        return self.low + extra, self.high + extra


def years(moments, reference) -> np.ndarray:
    """Years from `reference` (a numpy datetime64 or pandas Timestamp) to each moment."""
    moments = np.asarray(moments, dtype="datetime64[s]")
    reference = np.datetime64(reference, "s")
    return (moments - reference).astype(np.float64) / _YEAR_SECONDS


def drift_per_year(
    log_pay: np.ndarray, age_years: np.ndarray, cells: np.ndarray
) -> tuple[float, float]:
    """(log pay growth per year, its standard error): least squares of log pay on time within
    cells of like jobs (`cells`: one integer per row, e.g. the same title in the same region),
    so that a change in the mix of jobs is not read as a change in pay; shrunk towards
    PRIOR_DRIFT by precision. Data spanning a few weeks give a huge standard error, so the
    prior stands; years of repeated titles outweigh it."""
    y = np.asarray(log_pay, dtype=np.float64)
    t = np.asarray(age_years, dtype=np.float64)
    cells = np.asarray(cells)
    y, t = y - _cell_means(y, cells), t - _cell_means(t, cells)
    informative = np.abs(t) > 1e-9
    if informative.sum() < 30:
        return PRIOR_DRIFT, PRIOR_DRIFT_SD
    y, t = y[informative], t[informative]
    slope = float(np.dot(t, y) / np.dot(t, t))
    spread = y - slope * t
    se = float(np.sqrt(np.dot(spread, spread) / max(len(t) - 2, 1) / np.dot(t, t)))
    weight_data, weight_prior = 1 / max(se, 1e-9) ** 2, 1 / PRIOR_DRIFT_SD**2
    blended = (slope * weight_data + PRIOR_DRIFT * weight_prior) / (weight_data + weight_prior)
    return float(blended), float(1 / math.sqrt(weight_data + weight_prior))


def horizon(age_years: np.ndarray) -> np.ndarray:
    """Years to move pay by (negative: back in time), at most MAX_HORIZON_YEARS either way."""
    return np.clip(np.asarray(age_years, dtype=np.float64), -MAX_HORIZON_YEARS, MAX_HORIZON_YEARS)


def uncertainty(age_years: np.ndarray, drift_se: float) -> np.ndarray:
    """How far each end of the interval moves out for the drift's own uncertainty: one standard
    error per year ahead of the data (nothing for dates inside the window, which calibration
    covers)."""
    return drift_se * np.clip(np.asarray(age_years, dtype=np.float64), 0.0, MAX_HORIZON_YEARS)


def calibrate(
    low: np.ndarray,
    high: np.ndarray,
    target: np.ndarray,
    coverage: float = COVERAGE,
    groups=None,
    age_years=None,
) -> Offsets:
    """Split CQR (Romano et al. 2019): the offset (log pay) that puts ⌈(n+1)·coverage⌉ of the
    calibration rows' log pay inside the moved interval; may be negative (narrowing). With
    `groups` (one label per row, e.g. the source), also a Mondrian offset per group: its own
    quantile shrunk towards the pooled one, never below it. With `age_years` (each row's years
    from the window's end, ≤ 0), scores are weighted by recency (module docstring)."""
    low, high, target = (np.asarray(a, dtype=np.float64) for a in (low, high, target))
    n = len(target)
    if n == 0:
        return Offsets()
    scores = np.maximum(low - target, target - high)
    weights = recency_weights(np.zeros(n) if age_years is None else age_years)
    offset = _conformal_quantile(scores, coverage, weights)
    per_group = []
    if groups is not None:
        labels = np.asarray([str(g) for g in np.asarray(groups, dtype=object)], dtype=object)
        for name in sorted(set(labels.tolist())):
            rows = labels == name
            own = _conformal_quantile(scores[rows], coverage, weights[rows])
            share = _effective_rows(weights[rows])
            share = share / (share + GROUP_PRIOR_ROWS)
            shrunk = share * own + (1 - share) * offset
            per_group.append((name, float(max(shrunk, offset)), int(rows.sum())))
    return Offsets(low=offset, high=offset, n=n, groups=tuple(per_group))


def apply(
    low: np.ndarray,
    high: np.ndarray,
    offsets: Offsets,
    widen: np.ndarray | float = 0.0,
    groups=None,
) -> tuple[np.ndarray, np.ndarray]:
    """The calibrated log interval: each end moved by its offset (its group's, with `groups`)
    and out by `widen`, ordered, and widened symmetrically to at least MIN_LOG_WIDTH."""
    low, high = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
    move_low, move_high = offsets.per_row(groups)
    new_low, new_high = low - move_low - widen, high + move_high + widen
    new_low, new_high = np.minimum(new_low, new_high), np.maximum(new_low, new_high)
    short = np.maximum(MIN_LOG_WIDTH - (new_high - new_low), 0.0) / 2
    return new_low - short, new_high + short


def _cell_means(values: np.ndarray, cells: np.ndarray) -> np.ndarray:
    codes, index = np.unique(cells, return_inverse=True)
    sums = np.bincount(index, weights=values, minlength=len(codes))
    return (sums / np.bincount(index, minlength=len(codes)))[index]


def recency_weights(age_years) -> np.ndarray:
    """exp(−age / RECENCY_YEARS) for rows `age_years` before the window's end (later rows: 1)."""
    age = np.minimum(np.asarray(age_years, dtype=np.float64), 0.0)
    return np.exp(np.maximum(age, -10 * RECENCY_YEARS) / RECENCY_YEARS)


def _effective_rows(weights: np.ndarray) -> float:
    """Kish's effective sample size: as many equally weighted rows would say as much."""
    return float(weights.sum() ** 2 / max(np.dot(weights, weights), 1e-300))


def _conformal_quantile(scores: np.ndarray, level: float, weights: np.ndarray) -> float:
    """The smallest score with `level` of the weight below or at it, the new row's own weight 1
    standing at +∞ (capped at the largest score). Equal weights: the ⌈(n+1)·level⌉-th smallest."""
    order = np.argsort(scores, kind="stable")
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64)[order])
    at = np.searchsorted(cumulative, level * (cumulative[-1] + 1.0) - 1e-9 * cumulative[-1])
    return float(np.asarray(scores)[order][min(at, len(order) - 1)])
