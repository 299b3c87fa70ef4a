"""The Segments page with streamlit.testing AppTest on a small demo warehouse with features."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.charts.segments import rank_segments
from pipelines.warehouse import db
from tests.conftest import open_app


@pytest.fixture(scope="module")
def featured(demo_warehouse) -> Path:
    return demo_warehouse  # built with its features


def open_page(monkeypatch, warehouse: Path, **query) -> AppTest:
    monkeypatch.delenv("PAYSCOPE_MIN_N", raising=False)
    return open_app(monkeypatch, warehouse, "segments", **query)


def table(at: AppTest):
    return at.dataframe[0].value.set_index("Сегмент")


def caption_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_pay_by_role_family_shows_n_on_every_bar_and_premiums_with_their_n(monkeypatch, featured):
    at = open_page(monkeypatch, featured, dim="role_family")

    assert not at.exception
    assert at.selectbox(key="segments_dim.ru").value == "role_family"
    assert at.query_params["dim"] == "role_family"
    con = db.connect(featured, read_only=True)
    in_stats, chat = con.execute(
        "select count(*) filter (where pay_in_stats), count(*) filter (where pay_in_stats "
        "and role_family = 'chat_support') from vacancies join vacancy_features using "
        "(source, vacancy_id)"
    ).fetchone()
    con.close()
    assert table(at).loc["оператор чата", "n"] == chat
    spec = at.get("plotly_chart")[0].proto.spec
    assert f"n = {chat:,}".replace(",", "\u202f").encode("unicode_escape").decode() in spec
    assert f"n = {in_stats:,}".replace(",", "\u202f") in caption_text(at)
    assert [m.label for m in at.metric] == ["Английский", "Ночные смены", "Удалённая работа"]
    assert "с признаком" in caption_text(at)


def test_a_sidebar_filter_changes_the_numbers(monkeypatch, featured):
    at = open_page(monkeypatch, featured)
    before = table(at)["n"].sum()

    at.sidebar.multiselect(key="filter_role_family.ru").set_value(["chat_support"]).run()

    assert not at.exception
    after = table(at)["n"].sum()
    assert 0 < after < before
    assert at.selectbox(key="segments_dim.ru").value == "sector"


def test_the_chosen_dimension_goes_into_the_url_beside_the_filters(monkeypatch, featured):
    at = open_page(monkeypatch, featured, role_family="chat_support")

    at.selectbox(key="segments_dim.ru").set_value("region").run()

    assert not at.exception
    assert at.query_params["dim"] == "region"
    assert at.query_params["role_family"] == "chat_support"
    assert "Москва" in table(at).index


def test_a_high_minimum_greys_every_segment_and_suppresses_the_premiums(monkeypatch, featured):
    at = open_page(monkeypatch, featured, dim="experience")

    at.number_input(key="segments_min_n").set_value(100_000).run()

    assert not at.exception
    assert (table(at)["Место"] == "мало данных").all()  # not ranked, and said so
    assert "мало данных" in at.get("plotly_chart")[0].proto.spec
    assert [m.value for m in at.metric] == ["—", "—", "—"]
    assert "нужно хотя бы 100\u202f000" in caption_text(at)


def test_an_empty_warehouse_says_how_to_load_data(monkeypatch, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    db.connect(warehouse).close()

    at = open_page(monkeypatch, warehouse)

    assert not at.exception
    assert "payscope demo" in at.info[0].value


def test_segments_are_ranked_by_median_with_small_ones_after_and_the_long_tail_cut():
    segments = pd.DataFrame({
        "segment": ["a", "b", "c", "d", "e"], "n": [500, 40, 9, 300, 2],
        "p10": 1.0, "p25": 2.0, "p50": [50.0, 90.0, 500.0, 70.0, 900.0], "p75": 3.0, "p90": 4.0,
    })  # fmt: skip

    ranked, hidden = rank_segments(segments, minimum=10, top=4)

    assert ranked[["segment", "rank", "small"]].astype(object).values.tolist() == [
        ["b", 1, False], ["d", 2, False], ["a", 3, False], ["c", pd.NA, True],
    ]  # fmt: skip
    assert hidden == 1


def test_premiums_on_big_data_use_a_sample_and_say_so(monkeypatch, demo_warehouse):
    from pipelines.analytics import premiums

    monkeypatch.setattr(premiums, "SAMPLE", 300)  # the demo has ~680 vacancies with pay
    monkeypatch.setenv("PAYSCOPE_MIN_N", "7")  # a cache key of its own
    at = open_app(monkeypatch, demo_warehouse, "segments")

    assert not at.exception
    assert any(re.search(r"выборке: \d{3} из", c.value) for c in at.caption)
