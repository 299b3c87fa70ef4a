"""The wage-index cells stored with the dashboard's mart (marts/dashboard_wage_cells.sql) are
the cells the dashboard would compute (dashboard/wage_index_cells.sql), are rebuilt by a load,
and are not used where they do not apply: a filtered view, no such table, a mart changed since."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse import db
from pipelines.warehouse.feature_store import update_features
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, write_json

KEY = ["step", "period", "role_family", "region"]


def page(tmp_path, name: str, start: int, months: tuple[int, ...]):
    """An hh.ru page of chat operators and developers in two regions, 3 a month each."""
    areas = ({"id": "1", "name": "Москва"}, {"id": "2", "name": "Санкт-Петербург"})
    items = [
        hh_item(
            f"{start + i}", name=title, area=areas[i % 2],
            salary={"from": pay + 1_000 * (i % 3) + 500 * month, "to": None, "currency": "RUR",
                    "gross": True},
            published_at=f"2025-{month:02d}-{1 + i % 27:02d}T12:00:00+0300",
        )
        for month in months
        for j, (title, pay) in enumerate((("Оператор чата", 40_000), ("Python-разработчик", 2e5)))
        for i in range(j * 6, j * 6 + 6)
    ]  # fmt: skip
    return write_json(tmp_path / name / "page.json", hh_page(*items)).parent


@pytest.fixture
def warehouse(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    assert ingest(con, [page(tmp_path, "first", 1000, (1, 2, 3, 5))], source="hh").ok
    update_features(con)  # rebuilds the mart, as every load does
    yield con
    con.close()


def computed(con, filters: Filters, steps=None) -> pd.DataFrame:
    cells = queries.filtered(con, "wage_index_cells", filters, steps=list(steps) if steps else None)
    return cells.sort_values(KEY, ignore_index=True)


def stored(con, filters: Filters, steps=None) -> pd.DataFrame:
    cells = queries.stored_wage_cells(con, filters, steps)
    assert cells is not None
    return cells.sort_values(KEY, ignore_index=True)


@pytest.mark.parametrize("net", [False, True])
@pytest.mark.parametrize("source", [(), ("hh",)])
@pytest.mark.parametrize("steps", [None, ("month",), ("quarter",)])
def test_stored_cells_are_the_computed_ones(warehouse, net, source, steps):
    filters = Filters(net=net, source=source)
    found = stored(warehouse, filters, steps)
    assert len(found) > 0
    pd.testing.assert_frame_equal(found, computed(warehouse, filters, steps), check_exact=True)


def test_views_with_filters_compute_their_cells(warehouse):
    for filters in (Filters(role_family=("chat_support",)), Filters(source=("hh", "superjob")),
                    Filters(title="оператор"), Filters(region=("Москва",))):  # fmt: skip
        assert queries.stored_wage_cells(warehouse, filters) is None
        pd.testing.assert_frame_equal(
            queries.wage_index_cells(warehouse, filters).sort_values(KEY, ignore_index=True),
            computed(warehouse, filters),
        )


def test_a_warehouse_without_stored_cells_computes_them(warehouse):
    factors = queries.wage_factors(warehouse, Filters())
    warehouse.execute("drop table dashboard_wage_cells")

    assert queries.stored_wage_cells(warehouse, Filters()) is None
    pd.testing.assert_frame_equal(
        queries.wage_index_cells(warehouse, Filters()).sort_values(KEY, ignore_index=True),
        computed(warehouse, Filters()),
    )
    again = queries.wage_factors(warehouse, Filters())
    pd.testing.assert_series_equal(again, factors)
    assert again.attrs == factors.attrs


def test_a_load_rebuilds_the_stored_cells(warehouse, tmp_path):
    before = stored(warehouse, Filters())

    assert ingest(warehouse, [page(tmp_path, "later", 5000, (7,))], source="hh").ok

    after = stored(warehouse, Filters())
    assert len(after) > len(before)
    assert (after["period"] == pd.Timestamp("2025-07-01")).any()
    pd.testing.assert_frame_equal(after, computed(warehouse, Filters()), check_exact=True)


def test_cells_behind_the_mart_are_not_used(warehouse):
    # An older PayScope rebuilds the mart and leaves the stored cells as they were.
    warehouse.execute("delete from vacancy_current where vacancy_id in ('1000', '1001')")
    db.run_sql_file(warehouse, "marts/dashboard_vacancies.sql").fetchall()

    assert queries.stored_wage_cells(warehouse, Filters()).empty
    pd.testing.assert_frame_equal(
        queries.wage_index_cells(warehouse, Filters()).sort_values(KEY, ignore_index=True),
        computed(warehouse, Filters()),
    )


@pytest.mark.parametrize("step", ["week", "month", "quarter"])
def test_the_trends_pages_index_is_pay_index(warehouse, step):
    # app_pages/trends.py joins the raw medians of the series it loaded to index_only.
    from pipelines.analytics.pay_index import index_only, index_step, pay_index, with_raw_median

    for filters in (Filters(), Filters(role_family=("chat_support",))):
        at_step = queries.trends(warehouse, filters, grain=index_step(step))
        page = with_raw_median(index_only(warehouse, filters, step), at_step)
        pd.testing.assert_frame_equal(page, pay_index(warehouse, filters, step))
