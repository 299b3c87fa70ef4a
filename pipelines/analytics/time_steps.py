"""The time step of a trend chosen from how dense the data is, and periods without data kept as
gaps (pure: frames in, frames out).

Four years of snapshots saved now and then have most weeks empty: weekly points would be a few
islands joined by long straight lines, each median from a handful of vacancies. The finest step
at which most periods hold data and a typical period holds enough vacancies for a median is
the honest one; the periods in between stay empty on the chart.
"""

from __future__ import annotations

import pandas as pd

STEPS = ("week", "month", "quarter")
_FREQ = {"week": "W-MON", "month": "MS", "quarter": "QS"}
_PERIOD = {"week": "W", "month": "M", "quarter": "Q"}
# At least this share of the periods between the first and the last must hold data …
MIN_FILLED = 0.6
# … and a step needs at least this many periods to draw a trend at all (else: the finer one).
MIN_PERIODS = 3


def period_start(dates: pd.Series, step: str) -> pd.Series:
    """The first day of each date's period (weeks from Monday, months, quarters)."""
    stamps = pd.to_datetime(pd.Series(dates), errors="coerce")
    return stamps.dt.to_period(_PERIOD[step]).dt.start_time


def density(periods: pd.Series, counts: pd.Series, step: str) -> tuple[float, float, int]:
    """(vacancies with pay in the typical filled period (median), share of the periods between
    the first and the last that have any, that number of periods) for `counts` at fine
    `periods` (e.g. weeks) gathered by `step`; (0, 0, 0) for no data."""
    frame = pd.DataFrame({"period": pd.to_datetime(periods), "n": counts}).query("n > 0")
    if frame.empty:
        return 0.0, 0.0, 0
    grouped = frame.groupby(period_start(frame["period"], step).to_numpy())["n"].sum()
    span = len(pd.date_range(grouped.index.min(), grouped.index.max(), freq=_FREQ[step]))
    return float(grouped.median()), len(grouped) / span, span


def choose_step(periods: pd.Series, counts: pd.Series, minimum: int) -> str:
    """'week', 'month' or 'quarter' for a series of `counts` (vacancies with pay) at fine
    `periods` (e.g. weeks): the finest step whose filled periods hold at least `minimum`
    vacancies at the median and fill at least MIN_FILLED of the span; when none does, the
    coarsest that still has MIN_PERIODS periods (a short dense series keeps its fine step)."""
    chosen = STEPS[0]
    for step in STEPS:
        typical, filled, span = density(periods, counts, step)
        if span < MIN_PERIODS and step != STEPS[0]:
            break
        chosen = step
        if typical >= minimum and filled >= MIN_FILLED:
            break
    return chosen


def with_gaps(series: pd.DataFrame, step: str, counts: tuple[str, ...] = ()) -> pd.DataFrame:
    """`series` (one row per period with data, `period` = its first day) with a row for every
    missing period between the first and the last: NaN values (a line breaks there) and 0 in
    the `counts` columns (no vacancies is a count, not a gap)."""
    if series.empty:
        return series
    periods = pd.to_datetime(series["period"])
    every = pd.date_range(periods.min(), periods.max(), freq=_FREQ[step])
    full = series.assign(period=periods).set_index("period").reindex(every.union(periods))
    for column in counts:
        full[column] = full[column].fillna(0).astype(series[column].dtype)
    return full.rename_axis("period").reset_index()
