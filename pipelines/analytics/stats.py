"""Pure statistics for the dashboard: a pay premium compared like with like, with a cluster
bootstrap interval (arrays in, a frozen dataclass out; no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

# Confidence in an estimate by the number of vacancies behind it (issue 14: the same words on
# every page and in every command). Below 5 there is no estimate worth showing.
CONFIDENCE_LEVELS = ((50, "high"), (15, "medium"), (5, "low"))
# The words in Russian and English: the dashboard, the verdict and the brief all read these.
CONFIDENCE_WORDS = {
    "none": ("нет оценки", "none"), "low": ("низкая", "low"),
    "medium": ("средняя", "medium"), "high": ("высокая", "high"),
}  # fmt: skip


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
    strata; `all_with`/`all_without` every vacancy with and without the trait. When `reason` is
    set (FEW_WITH, FEW_WITHOUT, NO_OVERLAP) there is no estimate."""

    estimate: float | None
    low: float | None
    high: float | None
    n_with: int
    n_without: int
    strata: int
    level: float
    reason: str | None = None
    all_with: int = 0
    all_without: int = 0

    @property
    def reading(self) -> str:
        """stats.premium_reading over every vacancy: NO_DATA when no vacancy has the trait (or
        none lacks it), FEW when there is no estimate otherwise, else SPANS_ZERO / ABOVE_ZERO /
        BELOW_ZERO."""
        return premium_reading(self.low, self.high, self.all_with, self.all_without)


def stratified_premium(
    pay: np.ndarray,
    trait: np.ndarray,
    stratum: np.ndarray,
    *,
    cluster: np.ndarray | None = None,
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
    stratum are left out.

    The interval is a percentile cluster bootstrap: vacancies of one employer (`cluster`, any
    hashable codes; None = every vacancy on its own) are not independent, so each resample
    draws whole employers with replacement, one draw shared by every stratum and side. A side
    with more than `cap` rows is first subsampled to `cap` (kept proportional across strata),
    so the interval is, if anything, too wide — and the work stays bounded on a million rows.
    It is never narrower than ± z × the robust spread of log pay × √(1/n_with + 1/n_without)
    (pay posted in round numbers can make every resample's median the same) nor than ±0.5 %.
    Fixed `seed`: the same data gives the same interval.
    """
    pay, trait, stratum, cluster = _clean(pay, trait, stratum, cluster)
    all_with, all_without = int(trait.sum()), int((~trait).sum())
    cells = _cells(pay, trait, stratum, cluster)
    n_with = sum(len(w[0]) for w, _ in cells)
    n_without = sum(len(o[0]) for _, o in cells)
    reason = (
        FEW_WITH if not trait.any()
        else FEW_WITHOUT if trait.all()
        else NO_OVERLAP if not cells
        else FEW_WITH if n_with < minimum
        else FEW_WITHOUT if n_without < minimum
        else None
    )  # fmt: skip
    if reason:
        return Premium(None, None, None, n_with, n_without, len(cells), level, reason,
                       all_with, all_without)  # fmt: skip

    weights = np.array([min(len(w[0]), len(o[0])) for w, o in cells], dtype=float)
    weights /= weights.sum()
    point = _log_ratio(cells, weights)

    rng = np.random.default_rng(seed)
    small = _subsample(cells, cap, rng)
    boot = _cluster_boot(small, weights, resamples, rng)
    # Centre the subsample's spread on the full-data estimate.
    shift = point - _log_ratio(small, weights)
    tail = (1 - level) / 2
    low, high = np.quantile(boot + shift, [tail, 1 - tail])
    spread = _robust_sd(np.concatenate([np.log(side[0]) - np.log(np.median(side[0]))
                                        for cell in cells for side in cell]))  # fmt: skip
    floor = max(norm.ppf(1 - tail) * spread * np.sqrt(1 / n_with + 1 / n_without), MIN_HALF_WIDTH)
    low, high = min(low, point - floor), max(high, point + floor)
    return Premium(
        float(np.expm1(point)), float(np.expm1(low)), float(np.expm1(high)),
        n_with, n_without, len(cells), level, None, all_with, all_without,
    )  # fmt: skip


# The narrowest half-interval in log pay (±0.5 %): identical pay everywhere is no certainty.
MIN_HALF_WIDTH = 0.005


def _clean(pay, trait, stratum, cluster):
    pay = np.asarray(pay, dtype=float)
    trait, stratum = np.asarray(trait), np.asarray(stratum)  # numeric arrays stay fast
    keep = np.isfinite(pay) & (pay > 0) & ~pd.isna(trait) & ~pd.isna(stratum)
    if cluster is None:
        codes = np.arange(keep.sum())
    else:
        cluster = np.asarray(cluster)[keep]
        # A vacancy without an employer is its own cluster.
        codes, _ = pd.factorize(cluster, use_na_sentinel=True)
        alone = codes < 0
        codes[alone] = codes.max(initial=-1) + 1 + np.arange(alone.sum())
    return pay[keep], trait[keep].astype(bool), stratum[keep], codes


def _cells(pay, trait, stratum, cluster) -> list:
    """((pay, employer) with, (pay, employer) without) per stratum that has both, in a fixed
    (sorted) order; each side sorted by pay."""
    inverse, codes = pd.factorize(stratum, sort=True)
    cells = []
    for code in range(len(codes)):
        in_stratum = inverse == code
        sides = []
        for mask in (in_stratum & trait, in_stratum & ~trait):
            order = np.argsort(pay[mask], kind="stable")
            sides.append((pay[mask][order], cluster[mask][order]))
        if len(sides[0][0]) and len(sides[1][0]):
            cells.append(tuple(sides))
    return cells


def _log_ratio(cells, weights: np.ndarray) -> float:
    ratios = [np.log(np.median(w[0])) - np.log(np.median(o[0])) for w, o in cells]
    return float(np.dot(weights, ratios))


def _subsample(cells, cap: int, rng: np.random.Generator):
    sides = []
    for side in (0, 1):
        total = sum(len(cell[side][0]) for cell in cells)
        share = min(1.0, cap / total)
        picked = []
        for cell in cells:
            pay, cluster = cell[side]
            if share < 1.0:
                rows = np.sort(rng.choice(len(pay), max(1, round(len(pay) * share)),
                                          replace=False))  # fmt: skip
                pay, cluster = pay[rows], cluster[rows]
            picked.append((pay, cluster))
        sides.append(picked)
    return list(zip(*sides, strict=True))


def _cluster_boot(cells, weights: np.ndarray, resamples: int, rng: np.random.Generator):
    """`resamples` bootstrap values of the weighted log ratio: each resample draws the employers
    of the cells with replacement (how often each is drawn weighs its vacancies), the same
    draw in every stratum and side — a cluster bootstrap."""
    # Only the employers left in the (subsampled) cells, numbered 0…E-1.
    sides = [side for cell in cells for side in cell]
    codes, _ = pd.factorize(np.concatenate([side[1] for side in sides]))
    employers = int(codes.max()) + 1
    bounds = np.cumsum([0] + [len(side[1]) for side in sides])
    renumbered = [codes[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    paired = [_pairs(side[0], codes) for side, codes in zip(sides, renumbered, strict=True)]
    cells = list(zip(paired[::2], paired[1::2], strict=True))
    wide = np.int64 if employers * max(len(side[1]) for side in sides) >= 2**30 else np.int32
    boot = np.zeros(resamples)
    valid = np.ones(resamples, dtype=bool)
    for start in range(0, resamples, _CHUNK):
        count = min(_CHUNK, resamples - start)
        # E draws with replacement per resample, counted per employer (one bincount for all).
        picks = rng.integers(0, employers, (count, employers))
        picks += np.arange(count)[:, None] * employers
        draws = np.bincount(picks.ravel(), minlength=count * employers).reshape(count, employers)
        draws = draws.astype(wide)
        for (with_, without), weight in zip(cells, weights, strict=True):
            high, ok_high = _weighted_medians(*with_, draws)
            low, ok_low = _weighted_medians(*without, draws)
            boot[start : start + count] += weight * (np.log(high) - np.log(low))
            valid[start : start + count] &= ok_high & ok_low
    # A resample that drew no employer of some side says nothing about it: left out.
    return boot[valid] if valid.any() else boot


_CHUNK = 50  # resamples at a time: 50 × 20 000 weights = 8 MB


def _pairs(ordered: np.ndarray, cluster: np.ndarray):
    """(pay, employer, rows) per distinct (pay, employer) pair of a side, by pay: a resample
    weighs the rows of one pair alike, so the weighted median is the same over the pairs with
    their row counts as over the rows — and pay posted in round numbers by the same employer
    repeats, so there are far fewer pairs than rows to accumulate per resample."""
    cluster = cluster.astype(np.int64)
    # `ordered` is sorted: number its distinct pays in order, then one integer key per pair.
    pay_code = np.concatenate([[0], np.cumsum(ordered[1:] != ordered[:-1])])
    key = pay_code * (int(cluster.max(initial=0)) + 1) + cluster
    _, first, rows = np.unique(key, return_index=True, return_counts=True)
    return ordered[first], cluster[first], rows


def _weighted_medians(ordered: np.ndarray, cluster: np.ndarray, rows: np.ndarray, draws):
    """Per row of `draws` (integer employer weights), the weighted median of `ordered` (sorted
    pay; `rows` vacancies of employer `cluster` at each) and whether any of it got weight.
    Integer sums are exact, so this is the median of the float computation, only quicker."""
    weights = draws[:, cluster]
    weights *= rows.astype(draws.dtype)
    cumulative = np.cumsum(weights, axis=1, dtype=draws.dtype)
    total = cumulative[:, -1]
    at = np.argmax(2 * cumulative >= total[:, None], axis=1)
    return ordered[at], total > 0


def _robust_sd(values: np.ndarray) -> float:
    """1.4826 × the median absolute deviation: the sd of normal data, robust to outliers."""
    if len(values) < 2:
        return 0.0
    return float(1.4826 * np.median(np.abs(values - np.median(values))))
