"""A composition-fixed wage index from the vacancies themselves (pure; docs/wage-index.md).

The raw median of all vacancies moves when the mix of roles and regions moves: a month with
more developers reads as a pay rise. Like the Indeed Wage Tracker, the index follows pay
*within* cells (role family × region) and weights the cells by a composition that is held
fixed, so only changes of pay inside the cells move it.

Method (chained, geometric): each period t is linked to the newest earlier period s that was
not thin and shares a cell, by the weighted mean of log(median_t / median_s) over the cells
with at least `min_cell_n` vacancies in both; the weights are the cells' shares in a fixed
composition (the `base` period's, or the whole sample's when `base` is None). A link carries
a standard error from the cells' interquartile ranges. A thin period (fewer than
`min_period_n` vacancies behind its link, or an error above `max_se`) gets a value but is
flagged, and later periods do not link to it while a period that was not thin is there, so
one noisy month does not shift every later one. Periods that link to nothing earlier start a
new stretch; only one stretch keeps its values (the base's, else the newest), scaled so that
the base period (or its first period that is not thin) is 1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

STEPS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
CELL = ("role_family", "region")
COLUMNS = ["period", "index", "n", "cells", "thin", "vacancies", "raw_median", "se"]
MIN_CELL_N = 5  # a cell's median from fewer vacancies is not compared at all
MIN_PERIOD_N = 15  # fewer vacancies behind a link: the period is thin ('low' confidence)
# A link whose standard error (in log pay) is larger than this is thin: on a few hundred
# vacancies from unrelated searches a cell's median moves by a third by chance.
MAX_SE = 0.05


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
    max_se: float = MAX_SE,
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
    periods = data.groupby("period")["pay"].agg(vacancies="size", raw_median="median")
    limits = (min_cell_n, min_period_n, max_se)
    return _index(_cell_medians(data), periods, step, base, *limits)


def index_from_cells(
    cells: pd.DataFrame,
    step: str = "month",
    base=None,
    min_cell_n: int = MIN_CELL_N,
    min_period_n: int = MIN_PERIOD_N,
    max_se: float = MAX_SE,
) -> pd.DataFrame:
    """composition_fixed_index from per-cell aggregates instead of vacancies, so a million
    vacancies need not leave the database: `cells` has step, period, role_family, region, n,
    median and log_q25 / log_q75 (the quartiles of log pay), as sql/dashboard/
    wage_index_cells.sql gives them for every step. raw_median is NaN (not computable here)."""
    chosen = cells[cells["step"] == step] if "step" in cells.columns else cells
    key = chosen[list(CELL)].astype(object).where(chosen[list(CELL)].notna(), "")
    sigma = (chosen["log_q75"] - chosen["log_q25"]).to_numpy(dtype=np.float64) / 1.349
    n = chosen["n"].to_numpy(dtype=np.int64)
    frame = pd.DataFrame({
        "period": pd.to_datetime(chosen["period"]).to_numpy(),
        "cell": (key[CELL[0]].astype(str) + "\x1f" + key[CELL[1]].astype(str)).to_numpy(),
        "median": chosen["median"].to_numpy(dtype=np.float64), "n": n,
        "se": 1.2533 * sigma / np.sqrt(n),
    }).sort_values(["period", "cell"], ignore_index=True)  # fmt: skip
    periods = frame.groupby("period")["n"].agg(vacancies="sum")
    periods["raw_median"] = np.nan
    return _index(frame, periods, step, base, min_cell_n, min_period_n, max_se)


def _index(cells, periods, step, base, min_cell_n, min_period_n, max_se) -> pd.DataFrame:
    """The chained index from per-(period, cell) median, n, se and per-period vacancies."""
    base_period = None if base is None else period_start([base], step).iloc[0]
    if base_period is not None and base_period not in periods.index:
        raise ValueError(f"no vacancies with pay in the base period {base_period:%Y-%m-%d}")
    codes, names = pd.factorize(cells["cell"], sort=True)
    in_base = np.ones(len(cells), bool) if base_period is None else cells["period"] == base_period
    weights = np.bincount(codes[in_base], cells["n"].to_numpy()[in_base], len(names))
    weights = weights / weights.sum()

    usable = _by_period(cells.assign(code=codes), min_cell_n, weights)
    rows, levels, thin_of, segment_of = [], {}, {}, {}
    for period in periods.index:
        here = usable.get(period)
        level, n, count, se, segment = np.nan, 0, 0, np.nan, None
        # Link to the newest period that was not thin and shares a cell, else to a thin one.
        for before in sorted(levels, key=lambda p: (not thin_of[p], p), reverse=True):
            link = _link(here, usable.get(before), weights)
            if link:
                level, n, count, se = levels[before] + link[0], link[1], link[2], link[3]
                segment = segment_of[before]
                break
        else:
            if here is not None:  # nothing earlier to link to: a new stretch starts here
                level, n, count, segment = 0.0, int(here["n"].sum()), len(here["code"]), period
                se = 0.0
        thin = bool(np.isnan(level) or n < min_period_n or se > max_se)
        if segment is not None:
            levels[period], thin_of[period], segment_of[period] = level, thin, segment
        rows.append((period, level, n, count, thin, segment, se))
    result = pd.DataFrame(rows, columns=["period", "log", "n", "cells", "thin", "segment", "se"])
    if result.empty:  # no rows: an object column, which would not join the periods' dates
        result["period"] = result["period"].astype(periods.index.dtype)
    result = result.join(periods, on="period")
    _keep_one_stretch(result, base_period)
    result["index"] = np.exp(result["log"] - _scale(result, base_period))
    return result[COLUMNS].reset_index(drop=True)


def _keep_one_stretch(result: pd.DataFrame, base_period) -> None:
    """Levels of stretches not linked to each other share no scale: keep the base period's
    stretch (default: the newest period's that is not thin), the rest become NaN and thin."""
    valued = result[result["log"].notna()]
    if valued.empty:
        return
    if base_period is not None:
        chosen = valued.loc[valued["period"] == base_period, "segment"]
    else:
        chosen = valued.loc[~valued["thin"], "segment"].iloc[-1:]
    segment = chosen.iloc[0] if len(chosen) else valued["segment"].iloc[-1]
    other = result["segment"] != segment
    result.loc[other, "log"] = np.nan
    result.loc[other, "thin"] = True


def adjustment_factors(index_frame: pd.DataFrame, to_period=None) -> pd.Series:
    """The factor that brings pay from each period to `to_period` (default: the newest period,
    when it is not thin): index[to] / index[period], by period. Where the index is thin or
    missing the factor is 1.0 (no adjustment); `.attrs['fallback']` lists those periods and
    `.attrs['to_period']` names the target (None when the target is thin or missing: then
    every factor is 1 — pay cannot be brought to today by an index that does not reach it)."""
    frame = index_frame.set_index("period")
    good = frame["index"].notna() & ~frame["thin"].astype(bool)
    factors = pd.Series(1.0, index=frame.index, name="factor")
    target = None
    if len(frame):
        wanted = frame.index.max() if to_period is None else pd.Timestamp(to_period)
        starts = frame.index[frame.index <= wanted]
        target = starts.max() if len(starts) else None
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


def _cell_medians(data: pd.DataFrame) -> pd.DataFrame:
    """Per (period, cell): median pay, n and the standard error of the log median (from the
    cell's interquartile range: 1.2533 · σ / √n with σ = IQR / 1.349)."""
    grouped = data.assign(log=np.log(data["pay"])).groupby(["period", "cell"])
    cells = grouped["pay"].agg(median="median", n="size")
    quartiles = grouped["log"].quantile([0.25, 0.75]).unstack()
    sigma = (quartiles[0.75] - quartiles[0.25]) / 1.349
    cells["se"] = 1.2533 * sigma / np.sqrt(cells["n"])
    return cells.reset_index()


def _by_period(cells: pd.DataFrame, min_cell_n: int, weights: np.ndarray) -> dict:
    """period → arrays (code, median, n, se) of its cells with at least `min_cell_n`
    vacancies and a weight, sorted by cell code (for np.intersect1d)."""
    kept = cells[(cells["n"] >= min_cell_n) & (weights[cells["code"].to_numpy()] > 0)]
    kept = kept.sort_values(["period", "code"])
    return {
        period: {name: group[name].to_numpy() for name in ("code", "median", "n", "se")}
        for period, group in kept.groupby("period", sort=False)
    }


def _link(here, before, weights: np.ndarray) -> tuple[float, int, int, float] | None:
    """(weighted mean log change, n, cells, its standard error) from `before` to `here` over
    the cells both have; None when they share none."""
    if here is None or before is None:
        return None
    common, i, j = np.intersect1d(here["code"], before["code"], return_indices=True)
    if not len(common):
        return None
    w = weights[common] / weights[common].sum()
    change = np.log(here["median"][i] / before["median"][j])
    se = float(np.sqrt(np.dot(w**2, here["se"][i] ** 2 + before["se"][j] ** 2)))
    return float(np.dot(w, change)), int(here["n"][i].sum()), len(common), se


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


def choose_step(frame: pd.DataFrame, share: float = 0.6) -> str:
    """The finest step (month, quarter, year) at which the newest period is not thin and at
    least `share` of the vacancies with pay fall in periods that are not thin; 'year' when
    none does. `frame`: vacancies (composition_fixed_index) or cells (index_from_cells)."""
    build = index_from_cells if "median" in frame.columns else composition_fixed_index
    for step in ("month", "quarter"):
        index = build(frame, step)
        usable = index.loc[~index["thin"], "vacancies"].sum()
        newest_usable = len(index) and not index["thin"].iloc[-1]
        if newest_usable and usable >= share * max(1, index["vacancies"].sum()):
            return step
    return "year"
