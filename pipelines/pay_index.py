"""The composition-fixed pay index of the filtered vacancies (wage_index.composition_fixed_index
over a bounded sample of them), for the Trends page."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import queries
from pipelines.filters import Filters
from pipelines.wage_index import composition_fixed_index

# The index is computed on about this many vacancies with pay at most (a reproducible sample):
# 255 000 rows take about 0.9 s to fetch and index on the 2-core machine, a million about 3.5 s.
# Below 200 000 (most real warehouses) the index is exact; on the 300 000-vacancy demo the
# sample moved the weekly index by at most 0.3 % (50 000 rows: 1.6 %, as large as its signal).
SAMPLE = 200_000


def pay_index(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    step: str = "month",
    population: int | None = None,
) -> pd.DataFrame:
    """One row per period with vacancies: period, index (1.0 at the first period that is not
    thin), n, cells, thin, vacancies, raw_median (pipelines/wage_index.py), and `sample`: how
    many vacancies with pay it used (about SAMPLE at most; the n are in the sample).
    `population`: how many filtered vacancies have pay in statistics, when the caller knows."""
    if population is None:
        population = int(queries.summary(con, filters).at[0, "with_pay"])
    rows = queries.filtered(
        con, "pay_index_sample", filters, limit=SAMPLE, population=max(population, 1)
    )
    return composition_fixed_index(rows, step=step).assign(sample=len(rows))
