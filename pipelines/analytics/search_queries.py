"""Queries for finding a job the way people search: title suggestions from the data and the
best-paying employers of a selection (read-only, DataFrames; SQL in sql/dashboard/)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse.db import read_sql


def title_suggestions(con: duckdb.DuckDBPyConnection, limit: int = 1000) -> pd.DataFrame:
    """(normalised, title, n): the `limit` commonest normalised titles, commonest first."""
    return con.execute(read_sql("dashboard/title_suggestions.sql"), {"limit": int(limit)}).df()


def top_employers(
    con: duckdb.DuckDBPyConnection, filters: Filters, min_n: int, limit: int = 15
) -> pd.DataFrame:
    """(employer, n, p25, median, p75): employers of the filtered vacancies with pay, at least
    `min_n` each, by median monthly gross pay, highest first."""
    return queries.filtered(con, "top_employers", filters, min_n=int(min_n), limit=int(limit))


def matching_titles(suggestions: pd.DataFrame | None, typed: str, k: int = 8) -> pd.DataFrame:
    """The `k` commonest of `suggestions` (title_suggestions' rows) whose normalised title
    contains every word typed, in any order (pure); none for an empty text."""
    words = typed.lower().split()
    if suggestions is None or suggestions.empty or not words:
        return pd.DataFrame(columns=["normalised", "title", "n"])
    normalised = suggestions["normalised"]
    hit = pd.Series(True, index=suggestions.index)
    for word in words:
        hit &= normalised.str.contains(word, regex=False)
    return suggestions[hit].sort_values("n", ascending=False, kind="stable").head(k)
