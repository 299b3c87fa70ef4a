"""Pay «на руки» in the dashboard: the SQL macro agrees with payroll.py, the mart carries it per
vacancy, and the net switch turns the filtered queries' pay into net before aggregating."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.normalise.payroll import gross_to_net_monthly
from pipelines.warehouse import db

DAYS = (date(2020, 6, 1), date(2023, 6, 1), date(2025, 6, 1), date(2026, 9, 1))
GROSS = (0.0, 12_345.0, 45_000.0, 199_999.0, 200_000.0, 300_000.0, 416_667.0, 2e6, 5e6)


def test_sql_macro_matches_payroll_scales():
    con = duckdb.connect()
    con.execute(db.sql_statements("schema/008_pay_net.sql")[0])
    for day in DAYS:
        for gross in GROSS:
            (net,) = con.execute("select ndfl_net_monthly($1, $2)", [gross, day]).fetchone()
            assert net == pytest.approx(gross_to_net_monthly(gross, day), abs=0.01), (gross, day)
    assert con.execute("select ndfl_net_monthly(null, date '2025-01-01')").fetchone() == (None,)


def _warehouse(con):
    con.execute("delete from dashboard_vacancies")
    rows = [("a", 40_000.0, "2020-05-01"), ("b", 60_000.0, "2025-05-01"),
            ("c", 300_000.0, "2025-06-01")]  # fmt: skip
    for vacancy_id, pay, published in rows:
        con.execute(
            "insert into dashboard_vacancies (source, vacancy_id, title, published_at, "
            "pay_mid_rub, pay_mid_net_rub, pay_in_stats, language_names) values ('hh', $1, "
            "'Оператор', $2::timestamp, $3, ndfl_net_monthly($3, $2::timestamp), true, [])",
            [vacancy_id, published, pay],
        )


def test_net_switch_aggregates_net_pay_per_vacancy(con):
    _warehouse(con)
    gross = queries.summary(con, Filters()).at[0, "median_pay"]
    net = queries.summary(con, Filters(net=True)).at[0, "median_pay"]
    assert gross == 60_000
    assert net == pytest.approx(60_000 * 0.87)
    rows = queries.vacancy_table(con, Filters(net=True)).set_index("vacancy_id")["pay_mid_rub"]
    assert rows["a"] == pytest.approx(40_000 * 0.87)  # 2020: flat 13 %
    # 2025: 3.6 M a year crosses the 15 % band, so not 87 % of it.
    assert rows["c"] == pytest.approx(gross_to_net_monthly(300_000, date(2025, 6, 1)))
    assert rows["c"] < 300_000 * 0.87


def test_mart_refresh_keeps_net_column(con):
    from pipelines.warehouse.marts import refresh_dashboard_mart

    refresh_dashboard_mart(con)
    columns = {r[0] for r in con.execute("describe dashboard_vacancies").fetchall()}
    assert "pay_mid_net_rub" in columns


def test_net_is_in_the_url():
    assert Filters(net=True).to_query() == {"pay": "net"}
    assert Filters.from_query({"pay": "net"}).net is True
    assert Filters.from_query({"pay": "gross"}).net is False
    assert Filters.from_query({}).net is False


def test_the_sidebar_switch_turns_the_pages_net_and_goes_into_the_url(monkeypatch, demo_warehouse):
    from tests.conftest import open_app

    at = open_app(monkeypatch, demo_warehouse)
    gross = {m.label: m.value for m in at.metric}["Медиана зарплаты, до НДФЛ"]

    at.sidebar.button_group(key="filter_net.ru").set_value(True).run()

    assert not at.exception
    assert at.query_params["pay"] in ("net", ["net"])
    net = {m.label: m.value for m in at.metric}["Медиана зарплаты, на руки"]
    assert int("".join(filter(str.isdigit, net))) < int("".join(filter(str.isdigit, gross)))
    assert any("на руки (после НДФЛ" in c.value for c in at.caption)

    at.sidebar.button_group(key="filter_net.ru").set_value(False).run()
    assert "pay" not in at.query_params  # gross is the default: not in the URL
