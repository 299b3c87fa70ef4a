"""Comparable vacancies for an offer (pure): the relaxation ladder, the recent window and pay
brought to the newest period by the wage index (docs/benchmark.md, docs/wage-index.md).

The benchmark keeps the offer's role family always. Within it, comparables must match the
offer on every stated constraint and be published in the last `WINDOWS[0]` months before the
newest vacancy. When that gives fewer than the minimum sample, the window is widened to 24
months first (older pay is brought to today by the wage index, so a year is the cheaper thing
to give up), then one constraint is dropped in RELAX_ORDER and both windows are tried again;
only when even the role family alone has too few in 24 months does the whole history count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipelines.analytics import wage_index

# Comparable vacancies share the offer's role family always, and these as long as n allows.
CONSTRAINTS = ("work_format", "night_shifts", "english", "experience")
# The fixed order constraints are dropped in until n ≥ min_sample(): the weakest signal of pay
# first (experience is often unstated), the work format last (remote pay differs most).
RELAX_ORDER = ("experience", "english", "night_shifts", "work_format")
# Months back from the newest vacancy; None = all the data.
WINDOWS = (12, 24, None)


@dataclass(frozen=True)
class Step:
    """One rung of the relaxation ladder: the constraints kept and those dropped."""

    kept: tuple[str, ...]
    dropped: tuple[str, ...]


class Try(NamedTuple):
    """One (rung, window) looked at, with its n."""

    step: Step
    months: int | None
    n: int


@dataclass(frozen=True)
class Comparables:
    step: Step  # the rung used
    pays: np.ndarray  # monthly gross RUB of the comparables, brought to `to_period`
    tried: tuple[Try, ...]  # every (rung, window) looked at, with its n
    enough: bool  # n ≥ the minimum sample
    months: int | None = None  # the window used; None = all the data
    published: np.ndarray | None = None  # pays as published (before the wage index)
    factors: np.ndarray | None = None  # the wage-index factor of each comparable
    fallback: np.ndarray | None = None  # True where the index was too thin (factor 1)
    newest: pd.Timestamp | None = None  # the newest vacancy the window counts back from
    to_period: pd.Timestamp | None = None  # the period pay is brought to; None = unadjusted
    index_step: str | None = None  # the wage index's step: month, quarter or year

    @property
    def n(self) -> int:
        return len(self.pays)

    @property
    def widened(self) -> bool:
        """The window is wider than the default recent one."""
        return self.newest is not None and self.months != WINDOWS[0]


def comparable_steps(offer) -> tuple[Step, ...]:
    """The relaxation ladder: all stated constraints first, then one more dropped per rung in
    RELAX_ORDER. Experience is a constraint only when the offer states it."""
    stated = tuple(c for c in CONSTRAINTS if c != "experience" or offer.experience is not None)
    steps, dropped = [Step(stated, ())], ()
    for name in RELAX_ORDER:
        if name in stated:
            dropped = (*dropped, name)
            steps.append(Step(tuple(c for c in stated if c not in dropped), dropped))
    return tuple(steps)


def choose_comparables(
    sample: pd.DataFrame, offer, minimum: int, newest=None, windows=WINDOWS
) -> Comparables:
    """The first (rung, window) with at least `minimum` vacancies: on each rung in turn the
    recent windows (12, then 24 months), then the whole history on each rung in turn (else
    the whole history of the last rung).

    `sample`: pay_mid_rub of the role family's vacancies, same_<constraint> booleans
    (queries.comparable_pay) and, for the window, published_at; optional `factor` and
    `fallback` columns (with_wage_adjustment) bring pay to the newest period. `newest`: the
    date windows count back from (default: the newest published_at in the sample). Without a
    published_at column there is one window: all the data."""
    dated = "published_at" in sample.columns
    published_at = pd.to_datetime(sample["published_at"]) if dated else None
    if dated and newest is None and published_at.notna().any():
        newest = published_at.max()
    newest = None if newest is None or not dated else pd.Timestamp(newest)
    windows = tuple(windows) if newest is not None else (None,)
    pays = sample["pay_mid_rub"].to_numpy(dtype=np.float64)
    factors = _column(sample, "factor", 1.0, np.float64)
    fallback = _column(sample, "fallback", False, bool)
    kept = {step: _matches(sample, step) for step in comparable_steps(offer)}
    # Recent windows on every rung before the whole history on any: pay from years ago, even
    # brought forward by the index, is a last resort.
    order = [(s, m) for s in kept for m in windows[:-1]] + [(s, windows[-1]) for s in kept]
    tried, mask = [], np.zeros(len(sample), dtype=bool)
    for step, months in order:
        mask = kept[step] & _in_window(published_at, newest, months, len(sample))
        tried.append(Try(step, months, int(mask.sum())))
        if mask.sum() >= minimum:
            break
    adjusted = "factor" in sample.columns
    to_period = sample.attrs.get("to_period") if adjusted else None
    return Comparables(
        step, pays[mask] * factors[mask], tuple(tried), bool(mask.sum() >= minimum), months,
        pays[mask], factors[mask], fallback[mask], newest, to_period,
        sample.attrs.get("step") if adjusted else None,
    )  # fmt: skip


def wage_factors(index_sample: pd.DataFrame | None) -> pd.Series:
    """Per period, the wage-index factor to the newest period (wage_index.adjustment_factors),
    the index computed from `index_sample` — vacancies (queries.wage_index_sample) or per-cell
    aggregates (queries.wage_index_cells) — at the finest step the data carries. attrs: step,
    to_period (None: nothing can be adjusted), fallback."""
    if index_sample is None or index_sample.empty:
        factors = pd.Series(dtype=np.float64, name="factor")
        factors.attrs.update(step=None, to_period=None, fallback=[])
        return factors
    step = wage_index.choose_step(index_sample)
    cells = "median" in index_sample.columns
    build = wage_index.index_from_cells if cells else wage_index.composition_fixed_index
    factors = wage_index.adjustment_factors(build(index_sample, step))
    factors.attrs["step"] = step
    return factors


def with_wage_adjustment(sample: pd.DataFrame, factors) -> pd.DataFrame:
    """`sample` with `factor` (to bring each vacancy's pay to the newest period of the wage
    index) and `fallback` (True where the index was too thin: factor 1) columns. `factors`:
    wage_factors(...), or what it takes. attrs: to_period, step."""
    if not isinstance(factors, pd.Series):
        factors = wage_factors(factors)
    adjusted = sample.copy()
    adjusted["factor"], adjusted["fallback"] = 1.0, True
    adjusted.attrs.update(to_period=None, step=None)
    target, step = factors.attrs.get("to_period"), factors.attrs.get("step")
    if target is None or "published_at" not in sample.columns or sample.empty:
        return adjusted
    adjusted["factor"], adjusted["fallback"] = wage_index.factors_for(
        sample["published_at"], factors, step
    )
    adjusted.attrs.update(to_period=target, step=step)
    return adjusted


class Adjustment(NamedTuple):
    """How the comparables' pay was brought to `to_period`: how many moved, how many could
    not be (thin index), the range of factors of those that moved."""

    to_period: pd.Timestamp | None
    moved: int
    unadjusted: int
    low: float
    high: float
    step: str | None = None  # the index's step, to name to_period as people do


def adjustment(found: Comparables) -> Adjustment:
    if found.factors is None or found.to_period is None or found.n == 0:
        return Adjustment(None, 0, found.n, 1.0, 1.0)
    moved = ~found.fallback & ~np.isclose(found.factors, 1.0)
    unadjusted = int(np.count_nonzero(found.fallback))
    if not moved.any():
        return Adjustment(found.to_period, 0, unadjusted, 1.0, 1.0, found.index_step)
    factors = found.factors[moved]
    low, high = float(factors.min()), float(factors.max())
    return Adjustment(found.to_period, int(moved.sum()), unadjusted, low, high, found.index_step)


def percentile_of(amount: float, pays: Sequence[float] | np.ndarray) -> float | None:
    """Where `amount` sits among `pays`, 0–100: the share paying less, ties counting half
    (so the median of an odd sample is at 50). None for an empty sample."""
    values = np.asarray(pays, dtype=np.float64)
    if values.size == 0:
        return None
    below = np.count_nonzero(values < amount)
    equal = np.count_nonzero(values == amount)
    return float(100 * (below + equal / 2) / values.size)


def market_quartiles(pays: Sequence[float] | np.ndarray) -> tuple[float, float, float] | None:
    """(P25, P50, P75) with linear interpolation, as DuckDB's quantile_cont; None when empty."""
    values = np.asarray(pays, dtype=np.float64)
    if values.size == 0:
        return None
    p25, p50, p75 = np.quantile(values, (0.25, 0.5, 0.75))
    return float(p25), float(p50), float(p75)


def _matches(sample: pd.DataFrame, step: Step) -> np.ndarray:
    kept = np.ones(len(sample), dtype=bool)
    for name in step.kept:
        kept &= sample[f"same_{name}"].fillna(False).to_numpy(dtype=bool)
    return kept


def _in_window(published_at, newest, months: int | None, n: int) -> np.ndarray:
    if months is None or published_at is None:
        return np.ones(n, dtype=bool)
    start = newest - pd.DateOffset(months=months)
    return (published_at >= start).fillna(False).to_numpy(dtype=bool)


def _column(sample: pd.DataFrame, name: str, default, dtype) -> np.ndarray:
    if name not in sample.columns:
        return np.full(len(sample), default, dtype=dtype)
    return sample[name].fillna(default).to_numpy(dtype=dtype)
