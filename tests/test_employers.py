"""Finding a job the way people search: title suggestions and the best-paying employers of a
selection with n and confidence, thin ones left out (SQL on a hand-made mart, the table, the
Vacancies page)."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from app_pages.charts.employers import employers_table
from pipelines.analytics.filters import Filters
from pipelines.analytics.search_queries import title_suggestions, top_employers

MART = """create table dashboard_vacancies (
    title varchar, employer_name varchar, pay_mid_rub double, pay_in_stats boolean,
    published_at timestamp, role_family varchar, sector varchar, region varchar,
    schedule varchar, work_format varchar, experience varchar, source varchar,
    night_shifts boolean, language_names varchar[])"""


@pytest.fixture
def mart():
    con = duckdb.connect()
    con.execute(MART)
    rows = (
        [("Оператор чата", "Альфа", 60_000 + i, True, "chat_support") for i in range(6)]
        + [("оператор  чата ", "Бета", 50_000 + i, True, "chat_support") for i in range(12)]
        + [("Оператор ЧАТА", "Гамма", 90_000, True, "chat_support") for _ in range(2)]  # thin
        + [("Курьер", "Бета", 200_000, False, "logistics")]  # pay not in statistics
        + [("Курьер", " ", 70_000, True, "logistics") for _ in range(9)]  # no employer
    )
    con.executemany(
        "insert into dashboard_vacancies values (?, ?, ?, ?, ?, ?, null, null, null, null, null,"
        " 'hh', false, [])",
        [(*r[:4], datetime(2026, 11, 1), r[4]) for r in rows],
    )
    # The mart's net pay (migration 008), which the net switch reads instead of the gross.
    con.execute("alter table dashboard_vacancies add column pay_mid_net_rub double")
    con.execute("update dashboard_vacancies set pay_mid_net_rub = pay_mid_rub * 0.87")
    yield con
    con.close()


def test_titles_are_suggested_normalised_commonest_first_in_their_commonest_spelling(mart):
    found = title_suggestions(mart, limit=5)

    assert found[["normalised", "n"]].values.tolist() == [["оператор чата", 20], ["курьер", 10]]
    assert found.at[0, "title"] == "оператор чата"  # 12 of 20 spell it so (spaces tidied)


def test_employers_rank_by_median_with_at_least_the_minimum_n(mart):
    found = top_employers(mart, Filters(), min_n=5)

    assert found["employer"].tolist() == ["Альфа", "Бета"]  # Гамма: n = 2; blank names left out
    assert found["n"].tolist() == [6, 12] and found.at[0, "median"] == 60_002.5
    assert top_employers(mart, Filters(role_family=("logistics",)), min_n=5).empty
    assert top_employers(mart, Filters(), min_n=1)["employer"].iloc[0] == "Гамма"


def test_the_table_names_the_confidence_of_each_n(mart):
    table = employers_table(top_employers(mart, Filters(), min_n=5), lambda v: f"{v:.0f} ₽",
                            lambda word: word)  # fmt: skip

    assert table["confidence"].tolist() == ["low", "low"]  # 6 and 12: 5–14 is low
    assert table.at[0, "range"] == "60001 ₽ — 60004 ₽"
    assert employers_table(None, str, str).empty


def test_the_vacancies_page_shows_the_best_paying_employers(monkeypatch, demo_warehouse):
    from tests.conftest import open_app

    at = open_app(monkeypatch, demo_warehouse, "vacancies")

    assert not at.exception
    assert any(s.value == "Кто платит больше всех" for s in at.subheader)
    table = at.dataframe[-1].value
    assert list(table.columns) == ["employer", "median", "range", "n", "confidence"]
    assert (table["n"] >= 10).all() and table["median"].is_monotonic_decreasing
    assert set(table["confidence"]) <= {"низкая", "средняя", "высокая"}

    thin = open_app(monkeypatch, demo_warehouse, "vacancies", title="нет такой должности")
    assert not thin.exception


def test_typed_words_match_titles_in_any_order_commonest_first():
    import pandas as pd

    from pipelines.analytics.search_queries import matching_titles

    rows = pd.DataFrame({"normalised": ["оператор чата", "старший оператор чата", "курьер"],
                         "title": ["Оператор чата", "Старший оператор чата", "Курьер"],
                         "n": [5, 9, 30]})  # fmt: skip

    assert matching_titles(rows, "Чата оператор")["title"].tolist() == [
        "Старший оператор чата", "Оператор чата"]  # fmt: skip
    assert matching_titles(rows, "  ").empty and matching_titles(None, "x").empty
