"""A composition-fixed wage index from the vacancies themselves (pure; docs/wage-index.md).

The raw median of all vacancies moves when the mix of roles and regions moves: a month with
more developers reads as a pay rise. Like the Indeed Wage Tracker, the index follows pay
*within* cells (role family × region) and weights the cells by a composition that is held
fixed, so only changes of pay inside the cells move it.

Method (chained, geometric): consecutive usable periods s → t are linked by the weighted mean
of log(median_t / median_s) over the cells with at least `min_cell_n` vacancies in both; the
weights are the cells' shares in a fixed composition (the `base` period's, or the whole
sample's when `base` is None). The links are chained and the chain is scaled so that the base
period (or the first usable one) is 1.0. A thin period (fewer than `min_period_n` vacancies
behind its link) gets a value but is flagged, and the chain goes on from the last period that
was not thin, so one noisy month does not shift every later one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

STEPS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
CELL = ("role_family", "region")
COLUMNS = ["period", "index", "n", "cells", "thin", "vacancies", "raw_median"]
MIN_CELL_N = 5  # a cell's median from fewer vacancies is not compared at all
MIN_PERIOD_N = 15  # fewer vacancies behind a link: the period is thin ('low' confidence)


def period_start(dates: Iterable, step: str = "month") -> pd.Series:
    """The first day of each date's period (week from Monday, month, quarter, year)."""
    if step not in STEPS:
        raise ValueError(f"step must be one of {', '.join(STEPS)}, not {step!r}")
    stamps = pd.to_datetime(pd.Series(dates), errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    return stamps.dt.to_period(STEPS[step]).dt.start_time


def composition_fixed_index(
    frame: pd.DataFrame,
    step: str = "month",
    base=None,
    min_cell_n: int = MIN_CELL_N,
    min_period_n: int = MIN_PERIOD_N,
) -> pd.DataFrame:
    """The index per period, one row per period that has vacancies, oldest first.

    `frame`: published_at, role_family, region, pay_mid_rub (rows without a positive pay or a
    date are left out; a missing role family or region is a cell of its own). Columns:
    period (Timestamp, the period's first day), index (base = 1.0; NaN where no cell links the
    period to the chain), n (vacancies in the cells used for the period's link), cells (how
    many cells), thin (True when index is NaN or n < min_period_n), vacancies (all vacancies
    with pay in the period), raw_median (their median, for comparison). `base`: a date in the
    period whose composition weights the cells and whose index is 1.0; None = the whole
    sample's composition, 1.0 at the first period that is not thin."""
    data = _clean(frame, step)
    cells = data.groupby(["period", "cell"])["pay"].agg(median="median", n="size").reset_index()
    periods = data.groupby("period")["pay"].agg(vacancies="size", raw_median="median")
    base_period = None if base is None else period_start([base], step).iloc[0]
    if base_period is not None and base_period not in periods.index:
        raise ValueError(f"no vacancies with pay in the base period {base_period:%Y-%m-%d}")
    composition = data if base_period is None else data[data["period"] == base_period]
    weights = composition.groupby("cell").size()
    weights = weights / weights.sum()

    usable = cells[cells["n"] >= min_cell_n].set_index(["period", "cell"])
    # anchor: the last period that was not thin (until there is one, the last with a value)
    rows, log_index, anchor, anchor_thin = [], {}, None, True
    for period in periods.index:
        here = usable.loc[period] if period in usable.index.get_level_values(0) else None
        link = _link(here, None if anchor is None else usable.loc[anchor], weights)
        if anchor is None and here is not None:
            link = (0.0, int(here["n"].sum()), len(here))  # the chain starts here
        value, n, count = link if link else (np.nan, 0, 0)
        level = log_index.get(anchor, 0.0) + value
        thin = bool(np.isnan(value) or n < min_period_n)
        if not np.isnan(value):
            log_index[period] = level
            if not thin or anchor_thin:
                anchor, anchor_thin = period, thin
        rows.append((period, level, n, count, thin))
    result = pd.DataFrame(rows, columns=["period", "log", "n", "cells", "thin"])
    result = result.join(periods, on="period")
    scale = _scale(result, base_period)
    result["index"] = np.exp(result["log"] - scale)
    return result[COLUMNS].reset_index(drop=True)


def adjustment_factors(index_frame: pd.DataFrame, to_period=None) -> pd.Series:
    """The factor that brings pay from each period to `to_period` (default: the newest period
    that is not thin): index[to] / index[period], by period. Where the index is thin or
    missing the factor is 1.0 (no adjustment); `.attrs['fallback']` lists those periods and
    `.attrs['to_period']` names the target (None when no period is usable: all factors 1)."""
    frame = index_frame.set_index("period")
    good = frame["index"].notna() & ~frame["thin"].astype(bool)
    factors = pd.Series(1.0, index=frame.index, name="factor")
    target = None
    if to_period is not None:
        target = pd.Timestamp(to_period)
        step_start = frame.index[frame.index <= target]
        target = step_start.max() if len(step_start) else None
    elif good.any():
        target = frame.index[good].max()
    if target is not None and good.get(target, False):
        factors[good] = frame.at[target, "index"] / frame.loc[good, "index"]
    else:
        target = None
    factors.attrs["fallback"] = [p for p in frame.index if target is None or not good[p]]
    factors.attrs["to_period"] = target
    return factors


def factors_for(dates: Iterable, factors: pd.Series, step: str = "month") -> tuple:
    """(factor per date, whether it fell back to 1.0) as numpy arrays, for pay published on
    `dates`: a date outside the index's periods falls back too."""
    periods = period_start(dates, step)
    found = periods.map(factors).to_numpy(dtype=np.float64)
    fallback_periods = set(factors.attrs.get("fallback", ()))
    fallback = np.isnan(found) | periods.isin(fallback_periods).to_numpy()
    return np.where(np.isnan(found), 1.0, found), fallback


def _clean(frame: pd.DataFrame, step: str) -> pd.DataFrame:
    pay = pd.to_numeric(frame["pay_mid_rub"], errors="coerce").to_numpy(dtype=np.float64)
    cell = frame[list(CELL)].astype(object).where(frame[list(CELL)].notna(), "")
    data = pd.DataFrame({
        "period": period_start(frame["published_at"], step).to_numpy(),
        "cell": cell[CELL[0]].astype(str) + "\x1f" + cell[CELL[1]].astype(str),
        "pay": pay,
    })  # fmt: skip
    keep = data["period"].notna() & np.isfinite(data["pay"]) & (data["pay"] > 0)
    return data[keep]


def _link(here, before, weights: pd.Series) -> tuple[float, int, int] | None:
    """(weighted mean log change, n, cells) from `before` to `here` over the cells both have
    with a weight; None when they share none."""
    if here is None or before is None:
        return None
    common = here.index.intersection(before.index).intersection(weights.index[weights > 0])
    if common.empty:
        return None
    w = weights[common].to_numpy()
    change = np.log(here.loc[common, "median"].to_numpy() / before.loc[common, "median"])
    return float(np.dot(w, change) / w.sum()), int(here.loc[common, "n"].sum()), len(common)


def _scale(result: pd.DataFrame, base_period) -> float:
    """The log level that becomes 1.0: the base period's, else the first period not thin (or
    the first with any value)."""
    if base_period is not None:
        level = result.loc[result["period"] == base_period, "log"]
        return float(level.iloc[0]) if level.notna().all() else 0.0
    for mask in (~result["thin"], result["log"].notna()):
        chosen = result.loc[mask & result["log"].notna(), "log"]
        if len(chosen):
            return float(chosen.iloc[0])
    return 0.0


def describe(factors: Mapping | pd.Series) -> str:
    """One line for a log: which period pay is brought to and how many periods fell back."""
    attrs = getattr(factors, "attrs", {})
    target, fallback = attrs.get("to_period"), attrs.get("fallback", [])
    if target is None:
        return "wage index too thin: pay not adjusted"
    return f"pay brought to {target:%Y-%m} by the wage index; {len(fallback)} periods not adjusted"
