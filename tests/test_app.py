"""The dashboard renders with streamlit.testing AppTest on demo, empty and missing warehouses."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse import db

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_app(monkeypatch, warehouse: Path) -> AppTest:
    monkeypatch.setenv("PAYSCOPE_DB", str(warehouse))
    return AppTest.from_file(APP, default_timeout=60).run()


def test_trends_on_demo_data_shows_counts_and_the_synthetic_banner(
    monkeypatch, demo_warehouse
):
    at = run_app(monkeypatch, demo_warehouse)

    assert not at.exception
    assert "синтетические" in at.warning[0].value
    metrics = {m.label: m.value for m in at.metric}
    con = db.connect(demo_warehouse, read_only=True)
    vacancies, in_stats = con.execute(
        "select count(*), count(*) filter (where pay_in_stats) from vacancies"
    ).fetchall()[0]
    con.close()
    assert metrics["Вакансий"].replace("\u202f", "") == str(vacancies)
    assert metrics["С зарплатой"].replace("\u202f", "") == str(in_stats)
    assert any(f"n = {in_stats:,}".replace(",", "\u202f") in c.value for c in at.caption)


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_without_data_the_app_says_how_to_load_some(monkeypatch, tmp_path, kind):
    warehouse = tmp_path / "w.duckdb"
    if kind == "empty":
        db.connect(warehouse).close()

    at = run_app(monkeypatch, warehouse)

    assert not at.exception
    assert "payscope demo" in at.info[0].value


def vacancies_metric(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label in ("Вакансий", "Vacancies"))


def test_a_sidebar_filter_narrows_the_numbers_and_goes_into_the_url(monkeypatch, demo_warehouse):
    at = run_app(monkeypatch, demo_warehouse)
    everything = vacancies_metric(at)

    at.sidebar.multiselect(key="filter_role_family.ru").set_value(["chat_support"]).run()

    assert not at.exception
    assert vacancies_metric(at) != everything
    assert at.query_params["role_family"] in ("chat_support", ["chat_support"])


def test_a_shared_link_opens_the_same_view(monkeypatch, demo_warehouse):
    monkeypatch.setenv("PAYSCOPE_DB", str(demo_warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"role_family": "chat_support", "night": "1", "lang": "en"})
    at.run()

    assert not at.exception
    assert at.sidebar.multiselect(key="filter_role_family.en").value == ["chat_support"]
    assert at.sidebar.selectbox(key="filter_night.en").value is True
    assert at.title[0].value == "Pay over time"  # the English switch came with the link
    con = db.connect(demo_warehouse, read_only=True)
    expected = queries.summary(con, Filters(role_family=("chat_support",), night=True))
    con.close()
    assert vacancies_metric(at).replace("\u202f", "") == str(expected.at[0, "vacancies"])


def test_filters_that_select_nothing_say_so(monkeypatch, demo_warehouse):
    from tests.conftest import open_app

    # Typed (not among the suggestions) and kept in the URL, as a link brings it back.
    at = open_app(monkeypatch, demo_warehouse, title="нет такой должности")

    assert not at.exception
    assert any("ни одна вакансия" in i.value for i in at.info)
    assert at.query_params["title"] in ("нет такой должности", ["нет такой должности"])


def test_the_title_box_suggests_the_commonest_matching_titles_with_counts(
    monkeypatch, demo_warehouse
):
    at = run_app(monkeypatch, demo_warehouse)
    at = at.sidebar.text_input(key="filter_title").input("оператор").run()
    (pills,) = [p for p in at.get("button_group") if p.proto.id.endswith("filter_title_pick")] or [
        next(iter(at.get("button_group")))]  # fmt: skip
    con = db.connect(demo_warehouse, read_only=True)
    top = con.execute(
        "select title, count(*) as n from dashboard_vacancies where contains(lower(title), "
        "'оператор') group by title order by n desc, title limit 1"
    ).fetchone()
    con.close()

    assert not at.exception
    labels = [o.content for o in pills.proto.options]
    assert labels[0].replace("\u202f", "") == f"{top[0]} · {top[1]}"
    assert all("оператор" in label.lower() for label in labels)

def test_a_warehouse_locked_by_a_load_says_so(monkeypatch, tmp_path, demo_warehouse):
    import shutil
    import subprocess
    import sys

    busy = tmp_path / "busy.duckdb"
    shutil.copy(demo_warehouse, busy)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('locked', flush=True); time.sleep(120)", str(busy)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = run_app(monkeypatch, busy)
    finally:
        holder.kill()
        holder.wait()

    assert not at.exception
    assert "занят загрузкой" in at.info[0].value


def test_switching_the_language_keeps_the_filters(monkeypatch, demo_warehouse):
    at = run_app(monkeypatch, demo_warehouse)
    at.sidebar.multiselect(key="filter_role_family.ru").set_value(["chat_support"]).run()
    at.sidebar.selectbox(key="filter_night.ru").set_value(True).run()
    narrowed = vacancies_metric(at)

    at.session_state["ui_lang"] = "en"  # what the RU/EN switch sets
    at.run()

    assert not at.exception
    assert at.title[0].value == "Pay over time"
    assert at.sidebar.multiselect(key="filter_role_family.en").value == ["chat_support"]
    assert at.sidebar.selectbox(key="filter_night.en").value is True
    assert vacancies_metric(at) == narrowed
    at.sidebar.multiselect(key="filter_language.en").set_value(["english"]).run()
    assert at.query_params["language"] in ("english", ["english"])


def test_reset_clears_the_filters_and_the_url(monkeypatch, demo_warehouse):
    at = run_app(monkeypatch, demo_warehouse)
    everything = vacancies_metric(at)
    at.sidebar.multiselect(key="filter_role_family.ru").set_value(["chat_support"]).run()
    assert vacancies_metric(at) != everything

    at.sidebar.button[0].click().run()

    assert not at.exception
    assert at.sidebar.multiselect(key="filter_role_family.ru").value == []
    assert vacancies_metric(at) == everything
    assert "role_family" not in at.query_params


def test_a_page_run_leaves_the_warehouse_free_for_a_load(monkeypatch, tmp_path, demo_warehouse):
    import shutil
    import subprocess
    import sys

    warehouse = Path(shutil.copy(demo_warehouse, tmp_path / "w.duckdb"))
    at = run_app(monkeypatch, warehouse)
    assert not at.exception

    # A writer in another process gets in: the run closed its read-only connection.
    writer = "import sys; from pipelines.warehouse import db; db.connect(sys.argv[1]).close()"
    subprocess.run([sys.executable, "-c", writer, str(warehouse)], check=True, timeout=60)


@pytest.mark.parametrize(
    ("query", "first", "last"), [({"to": "2026-10-20"}, None, "2026-10-20"),
                                 ({"from": "2026-10-10"}, "2026-10-10", None)],
)  # fmt: skip
def test_a_link_with_one_end_of_the_period_keeps_that_end(
    monkeypatch, demo_warehouse, query, first, last
):
    from datetime import date

    monkeypatch.setenv("PAYSCOPE_DB", str(demo_warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()

    assert not at.exception
    for key, value in query.items():
        assert at.query_params[key] in (value, [value])  # the URL keeps the one end it had
    expected = Filters(
        period_from=date.fromisoformat(first) if first else None,
        period_to=date.fromisoformat(last) if last else None,
    )
    con = db.connect(demo_warehouse, read_only=True)
    vacancies = queries.summary(con, expected).at[0, "vacancies"]
    con.close()
    assert vacancies_metric(at).replace("\u202f", "") == str(vacancies)
