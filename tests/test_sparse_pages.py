"""The Trends and Segments pages on a small real-shaped warehouse: a few hh.ru searches saved
now and then over four years (quarters with gaps; traits no vacancy has)."""

from __future__ import annotations

import json

import pytest

from pipelines.warehouse import db
from tests.conftest import hh_item, hh_page, open_app, write_json


@pytest.fixture(scope="module")
def sparse(tmp_path_factory):
    """A real-shaped warehouse: hh.ru items saved now and then over four years."""
    from pipelines.warehouse.feature_store import update_features
    from pipelines.warehouse.load import ingest

    root = tmp_path_factory.mktemp("sparse")
    months = {"2021-03": 14, "2023-02": 12, "2024-10": 16, "2025-03": 20}
    items = []
    for month, n in months.items():
        for i in range(n):
            pay = 40_000 + 1_000 * i
            items.append(hh_item(
                f"{month.replace('-', '')}{i:02d}", published_at=f"{month}-1{i % 9}T12:00:00+0300",
                salary={"from": pay, "to": pay + 10_000, "currency": "RUR", "gross": True},
                employer={"id": str(500 + i % 4), "name": f"Работодатель {i % 4}"},
            ))  # fmt: skip
    write_json(root / "snap" / "page.json", hh_page(*items))
    path = root / "warehouse.duckdb"
    con = db.connect(path)
    assert ingest(con, [root / "snap"]).ok
    update_features(con)
    con.close()
    return path


def test_sparse_data_gets_quarters_with_gaps_and_says_when_it_was_loaded(monkeypatch, sparse):
    monkeypatch.delenv("PAYSCOPE_MIN_N", raising=False)
    at = open_app(monkeypatch, sparse, "trends")

    assert not at.exception
    assert at.segmented_control(key="trends_grain.ru").value == "auto"
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    median = next(t for t in charts[0]["data"] if t.get("name") == "медиана")
    assert median["x"][0].startswith("2021-01-01") and median["x"][-1].startswith("2025-01-01")
    assert len(median["x"]) == 17  # every quarter 2021–2025, the empty ones as gaps
    assert not charts[0]["layout"].get("annotations")
    captions = "\n".join(c.value for c in at.caption)
    assert "Шаг «квартал»" in captions and "данные на " in captions and "МСК" in captions
    window = at.sidebar.caption[-1].value
    assert "опубликованы 10.03.2021 — 18.03.2025" in window and "МСК" in window
    # One cell (chat operators in Moscow) in every quarter with data: the index links them all.
    index = charts[1]["data"][0]
    assert len(index["x"]) == 17 and index["name"] == "индекс (состав фиксирован)"


def test_the_user_may_still_choose_the_step(monkeypatch, sparse):
    at = open_app(monkeypatch, sparse, "trends")

    at.segmented_control(key="trends_grain.ru").set_value("month").run()

    assert not at.exception
    median = next(t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
                  if t.get("name") == "медиана")  # fmt: skip
    assert len(median["x"]) == 49  # March 2021 … March 2025
    assert "Шаг «месяц»" in "\n".join(c.value for c in at.caption)



def test_segments_say_no_data_for_traits_no_vacancy_has(monkeypatch, sparse):
    monkeypatch.delenv("PAYSCOPE_MIN_N", raising=False)
    at = open_app(monkeypatch, sparse, "segments", dim="role_family")

    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # No vacancy asks for English or works nights; every one of them is remote.
    assert metrics == {"Английский": "нет данных", "Ночные смены": "нет данных",
                       "Удалённая работа": "нет данных"}  # fmt: skip
    captions = "\n".join(c.value for c in at.caption)
    assert "нет ни одной с этим признаком" in captions
    assert "у всех выбранных вакансий с зарплатой этот признак есть" in captions
    assert "+0" not in "".join(metrics.values())
