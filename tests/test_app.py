"""The dashboard renders with streamlit.testing AppTest on demo, empty and missing warehouses."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines import db

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
