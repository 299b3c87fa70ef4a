"""Parameterised read-only queries for the dashboard, returning DataFrames (no UI here).

Filtered queries are `with filtered as not materialized (<dashboard/filtered.sql>)
<dashboard/NAME.sql>`: the filters are bound parameters, and the only text put into SQL is from
our own files and the vetted segment expressions below.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.analytics.filters import Filters
from pipelines.features.records import ROLE_FAMILIES
from pipelines.warehouse.db import has_column, has_table, read_sql, run_sql_file

# Segment dimensions → the SQL expression over `filtered` that names a vacancy's segment.
SEGMENTS = {
    "sector": "coalesce(sector, 'unknown')",
    "role_family": "coalesce(role_family, 'unknown')",
    "schedule": "coalesce(schedule, 'unknown')",
    "night_shifts": "case when night_shifts then 'night' else 'no_night' end",
    "work_format": "coalesce(work_format, 'unknown')",
    "experience": "coalesce(experience, 'unknown')",
    "region": "coalesce(region, 'unknown')",
    "language": "unnest(case when len(language_names) = 0 then ['none'] "
    "else list_distinct(language_names) end)",
}
GRAINS = ("week", "month", "quarter")


def filtered(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **params) -> pd.DataFrame:
    """Run dashboard/<name>.sql over the vacancies the filters select."""
    return _run(con, read_sql(f"dashboard/{name}.sql"), filters, params)


def summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: vacancies, with pay, median pay, employers, published window."""
    return filtered(con, "summary", filters)


def trends(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str = "week") -> pd.DataFrame:
    """Per period: vacancies, with pay, share with pay, P25/P50/P75 of pay."""
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, not {grain!r}")
    return filtered(con, "trends", filters, grain=grain)


def segments(con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str) -> pd.DataFrame:
    """Per value of a dimension (SEGMENTS): n and P10/P25/P50/P75/P90 of pay."""
    if dimension not in SEGMENTS:
        raise ValueError(f"dimension must be one of {tuple(SEGMENTS)}, not {dimension!r}")
    body = read_sql("dashboard/segments.sql").replace("{segment}", SEGMENTS[dimension])
    return _run(con, body, filters, {})


def pay_sample(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    limit: int = 10_000_000,
    population: int | None = None,
) -> pd.DataFrame:
    """Pay in statistics with role family codes and 1/0 night, English and remote flags; about
    `limit` rows at most, a reproducible random sample when there are more. `population`: how
    many filtered vacancies have pay in statistics, when the caller knows (else counted)."""
    if population is None:
        population = int(summary(con, filters).at[0, "with_pay"])
    return _sampled(
        con, "pay_sample", filters, "", role_families=list(ROLE_FAMILIES), limit=int(limit),
        population=int(population),
    )  # fmt: skip


def _sampled(con, name: str, filters: Filters, alias: str, **params) -> pd.DataFrame:
    """dashboard/<name>.sql, whose {sample_key} is the mart's sample_key column (`alias`: the
    table alias, with its dot) or, in a mart built before it had one, the same hash computed
    here — the same sample either way, the column only saves hashing every vacancy's key."""
    has_key = has_column(con, "dashboard_vacancies", "sample_key")
    key = f"{alias}sample_key" if has_key else f"hash({alias}source, {alias}vacancy_id) % 1000000"
    return _run(con, read_sql(f"dashboard/{name}.sql").replace("{sample_key}", key), filters,
                params)  # fmt: skip


def vacancy_table(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 5000
) -> pd.DataFrame:
    """The filtered vacancies, newest first, at most `limit`."""
    return filtered(con, "vacancy_table", filters, limit=int(limit))


def options(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(name, value, n): the values each sidebar filter can take, commonest first."""
    return run_sql_file(con, "dashboard/options.sql").df()


def overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: vacancies, how many are synthetic, first and last publication date."""
    return run_sql_file(con, "queries/overview.sql").df()


def pay_in_stats(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Monthly gross RUB pay (pay_mid_rub) of every vacancy usable in statistics."""
    return run_sql_file(con, "queries/pay_in_stats.sql").df()


def _run(con: duckdb.DuckDBPyConnection, body: str, filters: Filters, params: dict):
    # Never materialised: DuckDB would otherwise copy every filtered row (with all the mart's
    # columns) once a body reads `filtered` twice, as comparable_pay.sql does for the newest date
    # (180 → 80 ms on 1 M vacancies); a second scan of the mart is far cheaper than that copy.
    sql = f"with filtered as not materialized (\n{read_sql('dashboard/filtered.sql')}\n)\n{body}"
    return con.execute(sql, _used(sql, {**filters.sql_params(), **params})).df()


def _used(sql: str, params: dict) -> dict:
    # DuckDB refuses parameters a statement does not mention.
    return {k: v for k, v in params.items() if f"${k}" in sql}


def period_bounds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: the first and last publication dates in the warehouse."""
    return con.execute(
        "select min(published_at)::date as first, max(published_at)::date as last from vacancies"
    ).df()


def wage_index_sample(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """published_at, role_family, region, pay_mid_rub of the filtered vacancies with pay in
    statistics: the input of pipelines/wage_index.composition_fixed_index."""
    return filtered(con, "wage_index_sample", filters)


QUERIES = {"overview": overview, "pay_in_stats": pay_in_stats}


def comparable_pay(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    role_family: str,
    work_format: str | None,
    night_shifts: bool,
    english: bool,
    experience: str | None,
) -> pd.DataFrame:
    """Pay of the role family's vacancies in statistics, with same_work_format,
    same_night_shifts, same_english and same_experience flags against an offer
    (pipelines/analytics/offer.py relaxes them)."""
    offer = {
        "offer_role_family": role_family,
        "offer_work_format": work_format,
        "offer_night_shifts": bool(night_shifts),
        "offer_english": bool(english),
        "offer_experience": experience,
    }
    return filtered(con, "comparable_pay", filters, **offer)


def comparable_pay_adjusted(
    con: duckdb.DuckDBPyConnection, filters: Filters, *offer
) -> pd.DataFrame:
    """comparable_pay(con, filters, *offer) with each vacancy's wage-index factor to the newest
    period, the index computed over the same filtered vacancies (comparables.with_wage_adjustment).
    """
    from pipelines.analytics.comparables import with_wage_adjustment

    sample = comparable_pay(con, filters, *offer)
    return with_wage_adjustment(sample, wage_factors(con, filters))


def wage_factors(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.Series:
    """Per period, the wage-index factor that brings pay to the newest period, from the
    filtered vacancies (comparables.wage_factors; attrs: step, to_period, fallback)."""
    from pipelines.analytics.comparables import wage_factors as factors

    return factors(wage_index_cells(con, filters))


def wage_index_cells(
    con: duckdb.DuckDBPyConnection, filters: Filters, steps: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Per (step, period, role family × region): n, median pay, quartiles of log pay of the
    filtered vacancies with pay in statistics (wage_index.index_from_cells), at `steps` (default
    month, quarter and year: the comparables pick the finest the data carries). Views filtered
    by nothing but the pay basis and one source read the cells the mart's rebuild stored
    (stored_wage_cells); others, or a warehouse without them, compute them here."""
    stored = stored_wage_cells(con, filters, steps)
    if stored is not None and not stored.empty:
        return stored
    return filtered(con, "wage_index_cells", filters, steps=list(steps) if steps else None)


def stored_wage_cells(
    con: duckdb.DuckDBPyConnection, filters: Filters, steps: tuple[str, ...] | None = None
) -> pd.DataFrame | None:
    """wage_index_cells from the table marts/dashboard_wage_cells.sql builds with the mart, when
    `filters` select every vacancy of all sources or of one (gross or net); None when they
    select fewer or the warehouse has no such table (older, or a Parquet export); empty when
    the table is behind the mart."""
    if filters.with_(source=(), net=False) != Filters() or len(filters.source) > 1:
        return None
    if not has_table(con, "dashboard_wage_cells"):
        return None
    params = {
        "net": filters.net,
        "source": filters.source[0] if filters.source else None,
        "steps": list(steps) if steps else None,
    }
    return run_sql_file(con, "dashboard/wage_cells_stored.sql", params).df()


# The Profession page, the ladder and the brief read at most this many vacancies (a reproducible
# sample beyond): shares in whole percent and medians need no more, and premiums stay quick.
PROFESSION_SAMPLE = 100_000


def profession_sample(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = PROFESSION_SAMPLE
) -> pd.DataFrame:
    """The filtered vacancies with their requirement, duty, tool and condition lists, request
    load and pay in statistics (NULL otherwise): the rows pipelines/analytics/profession.py
    reads."""
    population = int(summary(con, filters).at[0, "vacancies"])
    return _sampled(con, "profession_sample", filters, "f.", limit=int(limit),
                    population=population)  # fmt: skip
