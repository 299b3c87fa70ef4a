"""The composition-fixed pay index of the filtered vacancies (queries.wage_index_sample +
wage_index.composition_fixed_index), for the Trends page."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import queries
from pipelines.filters import Filters
from pipelines.wage_index import composition_fixed_index


def pay_index(
    con: duckdb.DuckDBPyConnection, filters: Filters, step: str = "month"
) -> pd.DataFrame:
    """One row per period with vacancies: period, index (1.0 at the first period that is not
    thin), n, cells, thin, vacancies, raw_median — see pipelines/wage_index.py."""
    return composition_fixed_index(queries.wage_index_sample(con, filters), step=step)
