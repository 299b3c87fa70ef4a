"""Pure statistics for the dashboard: a pay premium compared like with like, with a bootstrap
interval (arrays in, a frozen dataclass out; no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binom

# Confidence in an estimate by the number of vacancies behind it (issue 14: the same words on
# every page and in every command). Below 5 there is no estimate worth showing.
CONFIDENCE_LEVELS = ((50, "high"), (15, "medium"), (5, "low"))


def confidence(n: int | None) -> str:
    """'none' below 5 vacancies, 'low' 5–14, 'medium' 15–49, 'high' 50 and more."""
    for minimum, word in CONFIDENCE_LEVELS:
        if (n or 0) >= minimum:
            return word
    return "none"


# Why a premium is not shown (the page turns these into sentences).
FEW_WITH, FEW_WITHOUT, NO_OVERLAP = "few_with", "few_without", "no_overlap"


# How a premium reads (the pages and commands turn these into words): no vacancy on one side,
# too few on one side, an interval that spans 0, or one that is clearly above or below 0.
NO_DATA, FEW, SPANS_ZERO, ABOVE_ZERO, BELOW_ZERO = (
    "no_data", "few", "spans_zero", "above_zero", "below_zero",
)  # fmt: skip


def premium_reading(low: float | None, high: float | None, n_with: int, n_without: int) -> str:
    """NO_DATA when one side has no vacancy, FEW when there is no interval otherwise, SPANS_ZERO
    when the interval holds 0 (the premium is not distinguishable from none), else ABOVE_ZERO or
    BELOW_ZERO."""
    if min(n_with or 0, n_without or 0) == 0:
        return NO_DATA
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return FEW
    if low <= 0 <= high:
        return SPANS_ZERO
    return ABOVE_ZERO if low > 0 else BELOW_ZERO


@dataclass(frozen=True)
class Premium:
    """How much more (0.25 = +25 %) vacancies with a trait pay at the median than those without,
    within the same stratum (role family). `low`/`high` bound the `level` bootstrap interval.
    `n_with`/`n_without` count the vacancies in the strata that have both sides, `strata` those
    strata. When `reason` is set (FEW_WITH, FEW_WITHOUT, NO_OVERLAP) there is no estimate."""

    estimate: float | None
    low: float | None
    high: float | None
    n_with: int
    n_without: int
    strata: int
    level: float
    reason: str | None = None


def stratified_premium(
    pay: np.ndarray,
    trait: np.ndarray,
    stratum: np.ndarray,
    *,
    minimum: int = 10,
    level: float = 0.9,
    resamples: int = 200,
    cap: int = 20_000,
    seed: int = 0,
) -> Premium:
    """The premium of `trait` on `pay` (positive numbers, e.g. monthly gross RUB) within strata.

    Per stratum with vacancies on both sides, the log of the ratio of medians (with / without);
    the strata are averaged with weights = the smaller side's n, so a family with 2 English
    vacancies barely counts. exp(average) - 1 is the premium. Rows with a missing trait or
    stratum are left out. The interval is a percentile bootstrap resampling within each stratum
    and side; a side with more than `cap` rows is first subsampled to `cap` (kept proportional
    across strata), so the interval is, if anything, too wide — and the work stays bounded on a
    million rows. Fixed `seed`: the same data gives the same interval.
    """
    pay, trait, stratum = _clean(pay, trait, stratum)
    cells = _cells(pay, trait, stratum)
    n_with = sum(len(w) for w, _ in cells)
    n_without = sum(len(o) for _, o in cells)
    reason = (
        FEW_WITH if not trait.any()
        else FEW_WITHOUT if trait.all()
        else NO_OVERLAP if not cells
        else FEW_WITH if n_with < minimum
        else FEW_WITHOUT if n_without < minimum
        else None
    )  # fmt: skip
    if reason:
        return Premium(None, None, None, n_with, n_without, len(cells), level, reason)

    weights = np.array([min(len(w), len(o)) for w, o in cells], dtype=float)
    weights /= weights.sum()
    point = _log_ratio(cells, weights)

    rng = np.random.default_rng(seed)
    small = _subsample(cells, cap, rng)
    boot = np.zeros(resamples)
    for (with_, without), weight in zip(small, weights, strict=True):
        boot += weight * (np.log(_boot_medians(with_, resamples, rng))
                          - np.log(_boot_medians(without, resamples, rng)))  # fmt: skip
    # Centre the subsample's spread on the full-data estimate.
    shift = point - _log_ratio(small, weights)
    tail = (1 - level) / 2
    low, high = np.quantile(boot + shift, [tail, 1 - tail])
    return Premium(
        float(np.expm1(point)), float(np.expm1(low)), float(np.expm1(high)),
        n_with, n_without, len(cells), level,
    )  # fmt: skip


def _clean(pay, trait, stratum) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pay = np.asarray(pay, dtype=float)
    trait, stratum = np.asarray(trait), np.asarray(stratum)  # numeric arrays stay fast
    keep = np.isfinite(pay) & (pay > 0) & ~pd.isna(trait) & ~pd.isna(stratum)
    return pay[keep], trait[keep].astype(bool), stratum[keep]


def _cells(pay, trait, stratum) -> list[tuple[np.ndarray, np.ndarray]]:
    """(pay with, pay without) per stratum that has both, in a fixed (sorted) order."""
    inverse, codes = pd.factorize(stratum, sort=True)
    cells = []
    for code in range(len(codes)):
        in_stratum = inverse == code
        with_, without = pay[in_stratum & trait], pay[in_stratum & ~trait]
        if len(with_) and len(without):
            cells.append((with_, without))
    return cells


def _log_ratio(cells, weights: np.ndarray) -> float:
    ratios = [np.log(np.median(w)) - np.log(np.median(o)) for w, o in cells]
    return float(np.dot(weights, ratios))


def _subsample(cells, cap: int, rng: np.random.Generator):
    sides = []
    for side in (0, 1):
        total = sum(len(cell[side]) for cell in cells)
        share = min(1.0, cap / total)
        sides.append([
            cell[side] if share == 1.0
            else rng.choice(cell[side], max(1, round(len(cell[side]) * share)), replace=False)
            for cell in cells
        ])  # fmt: skip
    return list(zip(*sides, strict=True))


def _boot_medians(values: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Medians of `resamples` resamples with replacement, drawn from their exact distribution
    instead of drawing the resamples: O(n) however many resamples.

    With the values sorted, a resample's middle order statistic (the ⌈n/2⌉-th) is at most the
    k-th value when at least ⌈n/2⌉ of its n draws are, each with probability k/n: a binomial
    tail, computed for every k at once and inverted at uniform draws.
    """
    ordered = np.sort(values)
    n = len(ordered)
    middle = (n + 1) // 2
    at_most = binom.sf(middle - 1, n, np.arange(1, n + 1) / n)  # P(median ≤ ordered[k-1])
    picks = np.searchsorted(at_most, rng.random(resamples), side="left")
    return ordered[np.minimum(picks, n - 1)]
