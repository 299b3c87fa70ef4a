"""The Vacancies page: counts that match SQL, filters that narrow, safe links, pay in words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages._format import pay_as_posted
from app_pages.charts.vacancies import COLUMNS, csv_bytes, explorer_table, safe_url
from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse import db
from tests.conftest import open_app


def open_page(monkeypatch, warehouse: Path, page: str = "vacancies", **query) -> AppTest:
    """The app on `warehouse`, opened at `page` with these URL query parameters."""
    return open_app(monkeypatch, warehouse, page, **query)


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value.replace("\u202f", "")) for m in at.metric}


def sql_count(warehouse: Path, filters: Filters) -> int:
    con = db.connect(warehouse, read_only=True)
    try:
        return int(queries.filtered(con, "summary", filters).at[0, "vacancies"])
    finally:
        con.close()


def test_the_table_counts_what_the_filters_select_and_links_to_the_postings(
    monkeypatch, demo_warehouse
):
    at = open_page(monkeypatch, demo_warehouse)

    assert not at.exception
    con = db.connect(demo_warehouse, read_only=True)
    total = con.execute("select count(*) from vacancies").fetchone()[0]
    con.close()
    shown = at.dataframe[0].value
    assert metrics(at)["Подходят под фильтры"] == total == sql_count(demo_warehouse, Filters())
    assert metrics(at)["Показаны"] == len(shown) == total  # 800 < the 5 000 cap
    assert tuple(shown.columns) == COLUMNS
    assert shown["link"].str.match(r"^https://hh\.ru/vacancy/\d+$").all()
    assert shown["published"].is_monotonic_decreasing

    region = shown["region"].value_counts().index[0]
    at.sidebar.multiselect(key="filter_region.ru").set_value([region]).run()

    narrowed = sql_count(demo_warehouse, Filters(region=(region,)))
    assert not at.exception
    assert metrics(at)["Подходят под фильтры"] == narrowed < total
    assert set(at.dataframe[0].value["region"]) == {region}


def test_a_smaller_cap_shows_the_newest_and_says_so(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse)
    at.selectbox(key="vacancies_limit").set_value(100).run()

    assert not at.exception
    assert len(at.dataframe[0].value) == metrics(at)["Показаны"] == 100
    assert any("самых новых" in c.value for c in at.caption)


def test_filters_that_select_nothing_say_so(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse, title="нет такой должности")

    assert not at.exception
    assert "Ослабьте фильтры" in at.info[0].value
    assert not at.dataframe


def test_in_english_the_pay_reads_in_english(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse, lang="en")

    assert not at.exception
    posted = at.dataframe[0].value["pay_posted"]
    assert posted.str.contains(r"/ month$").any() and not posted.str.contains("в месяц").any()


@pytest.mark.parametrize("page", ["vacancies", "data"])
@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_without_data_the_vacancies_and_data_pages_say_how_to_load_some(
    monkeypatch, tmp_path, kind, page
):
    warehouse = tmp_path / "w.duckdb"
    if kind == "empty":
        db.connect(warehouse).close()

    at = open_page(monkeypatch, warehouse, page)

    assert not at.exception
    assert "payscope demo" in at.info[0].value


@pytest.mark.parametrize(
    ("posted", "ru", "en"),
    [
        ((40000, 50000, "RUR", False, "month"),
         "от 40 000 до 50 000 ₽ на руки в месяц", "40 000–50 000 ₽ net / month"),
        ((40000, None, "USD", True, "hour"),
         "от 40 000 USD до вычета налогов в час", "from 40 000 USD gross / hour"),
        ((None, 350.5, "RUR", None, "shift"), "до 350,50 ₽ за смену", "up to 350.50 ₽ / shift"),
        ((float("nan"), 2000, "BYR", pd.NA, "rotation"), "до 2 000 BYN за вахту",
         "up to 2 000 BYN / rotation"),
        ((70000, 70000, None, None, "month"), "70 000 в месяц", "70 000 / month"),
        ((0, None, "RUR", True, "month"), "—", "—"),
        ((None, None, None, None, None), "—", "—"),
    ],
)  # fmt: skip
def test_pay_as_posted_reads_like_the_posting(posted, ru, en):
    assert pay_as_posted(*posted).replace("\u202f", " ") == ru
    assert pay_as_posted(*posted, language="en").replace("\u202f", " ") == en


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://hh.ru/vacancy/1", True),
        ("http://example.org/job?id=2", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("/vacancy/1", False),
        ("https://", False),
        ("ftp://hh.ru/x", False),
        (None, False),
    ],
)
def test_only_absolute_http_links_are_kept(url, kept):
    assert safe_url(url) == (url if kept else None)


def test_the_explorer_table_puts_words_labels_and_safe_links_on_the_rows():
    rows = pd.DataFrame(
        {
            "title": ["<b>Оператор</b>"], "employer_name": [None], "region": ["Москва"],
            "pay_from_original": [40000.0], "pay_to_original": [None],
            "currency_original": ["RUR"], "gross_original": [False],
            "pay_period_original": ["month"], "pay_mid_rub": [45977.01],
            "schedule": ["shift"], "night_shifts": [True], "work_format": [None],
            "published_at": [pd.Timestamp("2025-03-10 09:00")], "url": ["javascript:x"],
        }
    )  # fmt: skip

    table = explorer_table(rows, "ru", lambda dimension, value: f"{dimension}={value}")

    assert table.to_dict("records") == [
        {
            "title": "<b>Оператор</b>", "employer": None, "region": "Москва",
            "pay_posted": "от 40\u202f000 ₽ на руки в месяц", "pay_rub": 45977.0,
            "schedule": "schedule=shift", "night": True, "work_format": "work_format=None",
            "published": pd.Timestamp("2025-03-10").date(), "link": None,
        }
    ]  # fmt: skip
    csv = csv_bytes(table, {"title": "Должность"}).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Должность,employer,")
