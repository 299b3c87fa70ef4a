"""The Model page: the current model's card, a hint to train without one, no data without data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.charts.model import coverage_by_decile, premium_effects, premium_table
from pipelines.warehouse import db
from tests.conftest import open_app


@pytest.fixture(scope="module")
def trained(trained_demo):
    return trained_demo


def model_page(monkeypatch, warehouse: Path, models: Path) -> AppTest:
    return open_app(monkeypatch, warehouse, "model", models)


def card_of(models: Path) -> dict:
    version = (models / "CURRENT").read_text().strip()
    return json.loads((models / version / "model_card.json").read_text())


def edited_models(trained, tmp_path, edit) -> Path:
    """A copy of the trained models folder whose current card `edit` has changed in place."""
    models = Path(shutil.copytree(trained[1], tmp_path / "models"))
    card_file = models / card_of(models)["version"] / "model_card.json"
    card = json.loads(card_file.read_text())
    edit(card)
    card_file.write_text(json.dumps(card))
    return models


def test_the_page_shows_the_version_metrics_and_calibration_by_decile(monkeypatch, trained):
    card = card_of(trained[1])

    at = model_page(monkeypatch, *trained)

    assert not at.exception
    assert any(f"`{card['version']}`" in m.value and "Версия" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert list(table.index) == ["модель (P50)", "медиана профессии × отрасли", "общая медиана"]
    mae = f"{round(card['backtest']['model']['mae']):,}".replace(",", "\u202f")
    assert table.loc["модель (P50)", "средняя ошибка, ₽"] == f"{mae}\u00a0₽"
    assert any(f"на **{mae}\u00a0₽**" in m.value for m in at.markdown)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    deciles = card["backtest"]["calibration_by_decile"]
    assert 1 < len(deciles) <= 10
    assert sum(d["n"] for d in deciles) == card["backtest"]["rows"]["test"]
    assert "дециль 1:" in charts[0]["data"][0]["hovertext"][0]
    assert len(charts) == 2  # calibration and premiums
    window = card["window"]
    fitted = f"Медиана (P50) обучена на всех {window['rows']:,}".replace(",", "\u202f")
    assert any(fitted in m.value for m in at.markdown)


def test_a_capped_median_model_says_it_used_the_newest_rows(monkeypatch, trained, tmp_path):
    rows = card_of(trained[1])["window"]["rows"]
    models = edited_models(
        trained, tmp_path, lambda card: card["window"].update(rows_median=rows - 1)
    )

    at = model_page(monkeypatch, trained[0], models)

    assert not at.exception
    newest = f"{rows - 1:,} самых новых".replace(",", "\u202f")
    assert any(newest in m.value for m in at.markdown)


def test_a_card_from_before_the_deciles_asks_to_retrain(monkeypatch, trained, tmp_path):
    models = edited_models(
        trained, tmp_path, lambda card: card["backtest"].pop("calibration_by_decile")
    )

    at = model_page(monkeypatch, trained[0], models)

    assert not at.exception
    assert any("Переобучите модель" in i.value for i in at.info)


def test_without_a_model_the_page_says_how_to_train_one(monkeypatch, demo_warehouse, tmp_path):
    at = model_page(monkeypatch, demo_warehouse, tmp_path / "models")

    assert not at.exception
    assert "payscope train" in at.info[0].value and not at.get("plotly_chart")


def test_without_data_the_page_says_how_to_load_some(monkeypatch, trained, tmp_path):
    db.connect(tmp_path / "empty.duckdb").close()

    at = model_page(monkeypatch, tmp_path / "empty.duckdb", trained[1])

    assert not at.exception
    assert "payscope demo" in at.info[0].value and not at.metric


def test_chart_hover_reads_as_a_sentence():
    words = {"decile": "дециль", "inside": "внутри P10–P90", "width": "ширина", "target": "цель",
             "coverage_axis": "", "decile_axis": "", "small_sample": "мало данных"}  # fmt: skip
    deciles = [{"decile": 3, "n": 342, "p50_from": 40_000.0, "p50_to": 45_000.0,
                "coverage": 0.81, "mean_width": 20_000.0}]  # fmt: skip
    hover = coverage_by_decile(deciles, 0.8, 10, words).data[0].hovertext[0]
    assert hover.startswith("дециль 3: 81\u00a0% внутри P10–P90, n = 342<br>P50 40\u202f000")

    premiums = {"chat_support": {"n": 5116,
                "english_b2": {"premium": 0.266, "interval_90": [0.211, 0.322],
                               "n_with": 607, "n_without": 4509, "reason": None},
                "night_shifts": {"premium": -0.01, "interval_90": [-0.05, 0.03],
                                 "n_with": 40, "n_without": 5076, "reason": None}},
                "sales": {"n": 1583,
                "english_b2": {"premium": None, "interval_90": None, "n_with": 3,
                               "n_without": 1580, "reason": "few"},
                "night_shifts": {"premium": None, "interval_90": None, "n_with": 0,
                                 "n_without": 1583, "reason": "no_data"}}}  # fmt: skip
    figure = premium_effects(premiums, LABELS, PREMIUM_WORDS)
    english, night = figure.data
    assert english.hovertext[0] == (
        "оператор чата: английский B2 +26,6\u00a0% [+21,1\u00a0%; +32,2\u00a0%], "
        "n с признаком 607, n без 4\u202f509<br>выше нуля"
    )
    assert night.hovertext[0].startswith("оператор чата: ночные смены −1,0\u00a0%")
    assert night.hovertext[0].endswith("<br>не отличимо от нуля")
    assert list(night.marker.symbol) == ["circle-open"]
    assert len(english.x) == 1 and len(night.x) == 1  # sales has no dot: nothing to show

    table = premium_table(premiums, LABELS, PREMIUM_WORDS).set_index(["Профессия", "Признак"])
    assert table.loc[("продажи", "ночные смены"), "Вывод"] == "нет данных"
    assert table.loc[("продажи", "английский B2"), "Вывод"] == "мало данных"
    assert table.loc[("продажи", "английский B2"), "n с признаком"] == "3"
    assert table.loc[("оператор чата", "ночные смены"), "Вывод"] == "не отличимо от нуля"
    assert table.loc[("оператор чата", "ночные смены"), "Надбавка"] == "−1,0\u00a0%"


LABELS = {"chat_support": "оператор чата", "sales": "продажи"}
PREMIUM_WORDS = {
    "english_b2": "английский B2", "night_shifts": "ночные смены", "premium_axis": "",
    "decimal": ",", "family": "Профессия", "trait": "Признак", "premium": "Надбавка",
    "interval": "90 % интервал", "n_with": "n с признаком", "n_without": "n без",
    "reading": "Вывод", "no_data": "нет данных", "few": "мало данных",
    "spans_zero": "не отличимо от нуля", "above_zero": "выше нуля", "below_zero": "ниже нуля",
}  # fmt: skip


def test_a_card_from_before_premium_sides_still_shows_its_premiums():
    old = {"chat_support": {"n": 5116,
           "english_b2": {"premium": 0.266, "interval_90": [0.261, 0.272]},
           "night_shifts": {"premium": -0.01, "interval_90": [-0.02, 0.0]}}}  # fmt: skip

    figure = premium_effects(old, LABELS, PREMIUM_WORDS)
    table = premium_table(old, LABELS, PREMIUM_WORDS)

    assert figure.data[0].hovertext[0].endswith("n = 5\u202f116<br>выше нуля")
    assert list(table["Вывод"]) == ["выше нуля", "не отличимо от нуля"]
