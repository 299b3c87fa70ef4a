"""The composition-fixed pay index of the filtered vacancies for the Trends page, from per-cell
aggregates computed in the database (wage_index.index_from_cells), so a million vacancies never
leave it; beside it the raw median of each period."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.analytics.wage_index import index_from_cells

# Steps the index is computed at (wage_index_cells.sql). A weekly chart gets the monthly index:
# a role × region cell rarely has 5 vacancies in two weeks running.
INDEX_STEPS = ("month", "quarter")


def index_step(step: str) -> str:
    """The index's step for a chart at `step`: the same, or a month for a week."""
    return step if step in INDEX_STEPS else INDEX_STEPS[0]


def pay_index(
    con: duckdb.DuckDBPyConnection, filters: Filters, step: str = "month"
) -> pd.DataFrame:
    """One row per period with vacancies at index_step(step): period, index (1.0 at the first
    period that is not thin), n, cells, thin, vacancies, se (pipelines/analytics/wage_index.py) and
    raw_median, the median pay of all the period's filtered vacancies."""
    step = index_step(step)
    return with_raw_median(index_only(con, filters, step), queries.trends(con, filters, grain=step))


def index_only(
    con: duckdb.DuckDBPyConnection, filters: Filters, step: str = "month"
) -> pd.DataFrame:
    """pay_index without raw_median (NaN): the Trends page joins the medians of the series it
    already has at that step (with_raw_median), rather than aggregate every vacancy again."""
    step = index_step(step)
    return index_from_cells(queries.wage_index_cells(con, filters, steps=(step,)), step)


def with_raw_median(index: pd.DataFrame, trends: pd.DataFrame) -> pd.DataFrame:
    """`index` with raw_median from `trends` (queries.trends at the index's step: its p50)."""
    medians = pd.Series(trends["p50"].to_numpy(), index=pd.to_datetime(trends["period"]))
    return index.assign(raw_median=pd.to_datetime(index["period"]).map(medians).to_numpy())
