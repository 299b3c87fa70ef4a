"""The vacancy table's top-N (dashboard/vacancy_table.sql finds the N-th newest publication time
first, then reads the rows from there) is the plain top-N: ties at the cut, rows without a
date, fewer rows than the limit."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters

PLAIN = """
select
    title, employer_name, region, pay_from_original, pay_to_original, currency_original,
    gross_original, pay_period_original, pay_mid_rub, pay_flag, schedule, night_shifts,
    work_format, experience, sector, role_family, published_at, url, source, vacancy_id
from filtered
order by published_at desc, source, vacancy_id
limit $limit
"""


@pytest.fixture
def mart(con):
    con.execute("delete from dashboard_vacancies")
    days = ["2025-03-01", "2025-03-02", "2025-03-02", "2025-03-02", "2025-03-05", None, None,
            "2025-02-01", "2025-03-05"]  # fmt: skip
    for i, day in enumerate(days):
        con.execute(
            "insert into dashboard_vacancies (source, vacancy_id, title, published_at, "
            "pay_mid_rub, pay_in_stats, language_names) values ($1, $2, $3, $4::timestamp, "
            "$5, true, [])",
            ["hh" if i % 3 else "superjob", f"v{i}", f"Оператор {i}", day, 40_000.0 + i],
        )
    return con


@pytest.mark.parametrize("limit", range(1, 12))
def test_the_table_is_the_plain_top_n(mart, limit):
    for filters in (Filters(), Filters(title="оператор 1"), Filters(source=("hh",))):
        found = queries.vacancy_table(mart, filters, limit=limit)
        plain = queries._run(mart, PLAIN, filters, {"limit": limit})
        pd.testing.assert_frame_equal(found, plain)
    assert len(queries.vacancy_table(mart, Filters(), limit=limit)) == min(limit, 9)
