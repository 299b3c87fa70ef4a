"""The Offer benchmark page: a night-shift remote chat operator with English B2 at 45 000 ₽ net
gets a percentile among comparables, the model's range, a verdict; without a model, a hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._format import rub
from tests.conftest import open_app


@pytest.fixture(scope="module")
def trained(trained_demo):
    return trained_demo


def benchmark_page(monkeypatch, warehouse: Path, models: Path) -> AppTest:
    return open_app(monkeypatch, warehouse, "benchmark", models)


def submit_offer(at: AppTest, amount: float = 45_000.0) -> AppTest:
    """45 000 ₽ net a month, remote chat-support operator, English B2, night shifts."""
    at.text_input(key="bm_amount.ru").input(f"{amount:,.0f}".replace(",", " "))
    at.radio(key="bm_gross.ru").set_value(False)
    at.selectbox(key="bm_period.ru").set_value("month")
    at.selectbox(key="bm_role_family.ru").set_value("chat_support")
    at.text_input(key="bm_title.ru").input("Оператор чата")
    at.selectbox(key="bm_work_format.ru").set_value("remote")
    at.selectbox(key="bm_english.ru").set_value("b2")
    at.checkbox(key="bm_night_shifts.ru").check()
    return next(b for b in at.button if b.label == "Оценить").click().run()


def roubles(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def percentile(at: AppTest) -> float:
    metrics = {m.label: m.value for m in at.metric}
    return float(metrics["Перцентиль"])


def test_an_offer_gets_a_percentile_the_model_range_and_a_verdict(monkeypatch, trained):
    at = submit_offer(benchmark_page(monkeypatch, *trained))

    assert not at.exception
    assert 0 <= percentile(at) <= 100
    assert any("на руки →" in c.value and "до НДФЛ (13 %)" in c.value for c in at.caption)
    (model_line,) = [m.value for m in at.markdown if "P10 — P50 — P90" in m.value]
    p10, p50, p90 = map(roubles, model_line.split(":**")[1].split(";")[0].split(" — "))
    assert p10 <= p50 <= p90
    assert re.search(r"ширина P10–P90 .+ \(\d+ % от P50\), интервал (узкий|средний|широкий)",
                     model_line)  # fmt: skip
    (comparables,) = [m.value for m in at.markdown if "Сопоставимые вакансии" in m.value]
    assert re.search(r"n = \d+ \(достоверность: (низкая|средняя|высокая)\)", comparables)
    assert "оператор чата" in comparables and "за последние 12 мес." in comparables
    assert any(re.search("индекс", c.value) for c in at.caption)
    assert any(re.search(r"Сопоставимые: n = \d+, достоверность (низкая|средняя|высокая) · "
                         r"модель: интервал P10–P90 (узкий|средний|широкий) \(\d+ % от P50\)",
                         c.value) for c in at.caption)  # fmt: skip
    assert len(at.get("plotly_chart")) == 2  # comparable pay, effects


VERDICT = re.compile(
    r"\*\*Вердикт:\*\* (ниже рынка|на уровне рынка|в пределах рынка|выше рынка): (.+?)\s₽.*; "
    r"(P25–P75 сопоставимых|P10–P90 модели) (.+?)\s₽ — (.+?)\s₽"
)


@pytest.mark.parametrize("amount", [20_000.0, 45_000.0, 55_000.0, 250_000.0])
def test_the_verdict_agrees_with_the_range_it_shows_and_says_what_it_leans_on(
    monkeypatch, trained, amount
):
    at = benchmark_page(monkeypatch, *trained)
    at.text_input(key="bm_amount.ru").input(f"{amount:,.0f}".replace(",", " "))
    at = submit_offer(at, amount)

    assert not at.exception
    (box,) = [v.value for v in [*at.success, *at.warning] if "Вердикт" in v.value]
    word, offer, basis, low, high = VERDICT.search(box).groups()
    offer, low, high = roubles(offer), roubles(low), roubles(high)
    expected = "ниже рынка" if offer < low else "выше рынка" if offer > high else "рынка"
    assert word.endswith(expected)
    (leans,) = [c.value for c in at.caption if "опираемся на" in c.value]
    assert ("опираемся на рынок" in leans) == basis.startswith("P25")
    (offered,) = [m.value for m in at.markdown if "Вилка к предложению" in m.value]
    assert f"{rub(low)} — {rub(high)}" in offered


def test_the_offer_survives_a_visit_to_another_page(monkeypatch, trained):
    at = submit_offer(benchmark_page(monkeypatch, *trained))
    before = percentile(at)

    at.switch_page("app_pages/trends.py").run()
    at.switch_page("app_pages/benchmark.py").run()

    assert not at.exception
    assert at.text_input(key="bm_amount.ru").value == "45\u00a0000"
    assert at.selectbox(key="bm_english.ru").value == "b2"
    assert at.checkbox(key="bm_night_shifts.ru").value
    assert percentile(at) == before


def test_without_a_model_the_percentile_stands_and_training_is_suggested(
    monkeypatch, demo_warehouse, tmp_path
):
    at = submit_offer(benchmark_page(monkeypatch, demo_warehouse, tmp_path / "no-models"))

    assert not at.exception
    assert 0 <= percentile(at) <= 100
    assert any("payscope train" in i.value for i in at.info)
    assert not [m for m in at.markdown if "P10 — P50 — P90" in m.value]


def test_switching_the_language_keeps_the_offer_and_its_values(monkeypatch, trained):
    at = submit_offer(benchmark_page(monkeypatch, *trained))
    before = percentile(at)

    at.session_state["ui_lang"] = "en"  # what the RU/EN switch sets
    at.run()

    assert not at.exception
    assert at.selectbox(key="bm_role_family.en").value == "chat_support"  # a value, not a label
    assert at.selectbox(key="bm_english.en").value == "b2"
    metrics = {m.label: m.value for m in at.metric}
    assert float(next(v for k, v in metrics.items() if "ercentile" in k)) == before


def test_the_csv_and_html_exports_carry_the_verdict_its_basis_and_confidence(monkeypatch, trained):
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stores = []

    class Kept(MemoryMediaFileStorage):  # AppTest drops its media store after a run: keep it
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    at = submit_offer(benchmark_page(monkeypatch, *trained))

    files = {}
    for button in at.get("download_button"):
        name = button.proto.url.rsplit("/", 1)[1]
        files[button.label] = next(s.get_file(name).content for s in stores
                                   if name.split(".")[0] in s._files_by_id)  # fmt: skip
    csv = files["Скачать CSV"].decode("utf-8-sig")
    (verdict_row,) = [line for line in csv.splitlines() if line.startswith("Вердикт,")]
    assert re.search("(ниже|выше) рынка|на уровне рынка|в пределах рынка", verdict_row)
    assert "На что опирается вердикт" in csv and "опираемся на" in csv
    assert re.search(r"n = \d+, достоверность (низкая|средняя|высокая)", csv)
    assert "Ширина интервала модели" in csv and "% от P50" in csv
    assert "Индекс зарплат" in csv
    page = files["Скачать HTML-сводку"].decode("utf-8")
    assert "На что опирается вердикт" in page and "достоверность" in page


def test_a_model_trained_on_other_data_does_not_judge_the_offer(monkeypatch, trained, tmp_path):
    """Eight real-format chat operators (too few for the market alone) and the demo's model:
    the verdict leans on the comparables and says the model was trained on other data."""
    from typer.testing import CliRunner

    from pipelines.cli import app
    from tests.conftest import hh_item, hh_page, write_json

    items = [hh_item(str(900 + i), name="Оператор чата", salary={
        "from": 40_000 + 2_000 * i, "to": 40_000 + 2_000 * i, "currency": "RUR", "gross": True,
    }) for i in range(8)]  # fmt: skip
    write_json(tmp_path / "snap" / "page.json", hh_page(*items))
    warehouse = tmp_path / "real.duckdb"
    for args in (["ingest", str(tmp_path / "snap")], ["build-features"]):
        result = CliRunner().invoke(app, [*args, "--db", str(warehouse)])
        assert result.exit_code == 0, result.output

    at = submit_offer(benchmark_page(monkeypatch, warehouse, trained[1]))

    assert not at.exception
    (box,) = [v.value for v in [*at.success, *at.warning] if "Вердикт" in v.value]
    assert "P25–P75 сопоставимых" in box and "n = 8, достоверность низкая" in box
    assert any("модель обучена на других данных" in c.value for c in at.caption)


def test_predict_counts_the_same_comparables_as_the_page(monkeypatch, trained):
    """`payscope predict` and the page share choose_comparables: the same offer, the same n (the
    CLI once counted every vacancy of the role family: 5 116 against the page's 56)."""
    import json

    from typer.testing import CliRunner

    from pipelines.cli import app

    warehouse, models = trained[0], trained[-1]
    at = submit_offer(benchmark_page(monkeypatch, *trained))
    (comparables,) = [m.value for m in at.markdown if "Сопоставимые вакансии" in m.value]
    page_n = int(re.search(r"n = ([\d\s\u00a0\u202f]+) \(", comparables).group(1).replace(" ", "")
                 .replace("\u00a0", "").replace("\u202f", ""))  # fmt: skip
    monkeypatch.setenv("PAYSCOPE_MODELS", str(models))
    args = ["predict", "--title", "Оператор чата", "--language", "english:B2", "--night",
            "--remote", "--offer", "45000", "--net", "--db", str(warehouse)]  # fmt: skip
    found = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    russian = CliRunner().invoke(app, args).stdout
    english = CliRunner().invoke(app, [*args, "--lang", "en"]).stdout

    assert found["comparable"] == found["comparables"]["n"] == page_n
    assert f"сопоставимые вакансии: n = {page_n} (достоверность " in russian
    assert "в месяц до НДФЛ" in russian and "вердикт: " in russian and "monthly" not in russian
    assert f"comparable vacancies: n = {page_n} (confidence " in english
    assert "verdict: " in english and "вердикт" not in english
