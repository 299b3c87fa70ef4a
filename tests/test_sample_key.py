"""The mart's sample_key (marts/dashboard_vacancies.sql) draws the same reproducible samples as
hashing each vacancy's key per query, which a mart built before the column still does."""

from __future__ import annotations

import pandas as pd

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from tests.test_wage_cells import warehouse  # noqa: F401  (the fixture)

TEXT = ("source", "title", "employer_name", "region", "role_family", "sector", "work_format",
        "schedule", "experience")  # fmt: skip


def samples(con) -> list[pd.DataFrame]:
    found = []
    for filters in (Filters(), Filters(role_family=("chat_support",)), Filters(net=True)):
        for limit in (5, 20, 1_000):
            found.append(queries.pay_sample(con, filters, limit=limit))
            found.append(queries.profession_sample(con, filters, limit=limit))
    # Rows in a set order (the lists can't be sorted on; every other column is).
    return [f.sort_values([c for c in f.columns if f[c].dtype != object or c in TEXT],
                          ignore_index=True) for f in found]  # fmt: skip


def test_samples_by_the_stored_key_are_those_by_the_hash(warehouse):  # noqa: F811
    columns = {r[0] for r in warehouse.execute("describe dashboard_vacancies").fetchall()}
    assert "sample_key" in columns
    stored = samples(warehouse)
    assert 0 < len(stored[0]) < len(stored[4])  # 5 of many is a sample, 1 000 is all of them

    warehouse.execute("alter table dashboard_vacancies drop column sample_key")  # an older mart
    for with_key, hashed in zip(stored, samples(warehouse), strict=True):
        pd.testing.assert_frame_equal(with_key, hashed, check_exact=True)
