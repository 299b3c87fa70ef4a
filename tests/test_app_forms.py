"""Forms and figures that fit: whole amounts with separators, fields only where they apply, no
effect for an input left empty, no chart without data, net and gross side by side, locale ticks."""

from __future__ import annotations

import pandas as pd
import pytest

from app_pages._benchmark_form import amount_text, parse_amount
from app_pages._format import styled
from app_pages.charts._locale import date_ticks
from pipelines.analytics import offer as bm
from tests.conftest import open_app
from tests.test_app_benchmark import submit_offer


@pytest.fixture(scope="module")
def trained(trained_demo):
    return trained_demo


@pytest.mark.parametrize(
    ("text", "amount"),
    [("45 000", 45_000.0), ("45000", 45_000.0), ("45\u00a0000 ₽", 45_000.0),
     ("45 000,50", 45_000.5), ("45к", 45_000.0), ("", None), ("сорок", None), ("-5", None),
     ("0", None)],
)  # fmt: skip
def test_amounts_read_as_people_type_them(text, amount):
    assert parse_amount(text) == amount


def test_amounts_show_whole_roubles_with_separators():
    assert amount_text(45_000.0) == "45\u00a0000"
    assert amount_text(1_234_567.4) == "1\u00a0234\u00a0567"


def test_shift_fields_appear_only_for_pay_per_shift_or_hour(monkeypatch, trained):
    at = open_app(monkeypatch, *trained[:1], "benchmark", trained[1])
    labels = lambda: [w.label for w in (*at.selectbox, *at.number_input)]  # noqa: E731
    assert "График смен" not in labels() and "Часов в смене" not in labels()
    assert not [n for n in at.number_input]  # the amount is a text field: «45 000»

    at.selectbox(key="bm_period.ru").set_value("shift").run()
    assert "График смен" in labels() and "Часов в смене" not in labels()

    at.selectbox(key="bm_period.ru").set_value("hour").run()
    assert "Часов в смене" in labels()
    assert at.number_input[0].value == 12  # whole hours, shown «12»


def test_a_per_shift_offer_shows_the_conversion_and_both_bases(monkeypatch, trained):
    at = open_app(monkeypatch, *trained[:1], "benchmark", trained[1])
    at.text_input(key="bm_amount.ru").input("3 500")
    at.selectbox(key="bm_period.ru").set_value("shift")
    at.radio(key="bm_gross.ru").set_value(False)
    at = next(b for b in at.button if b.label == "Оценить").click().run()

    assert not at.exception
    assert at.text_input(key="bm_amount.ru").value == "3\u00a0500"
    metrics = {m.label: m.value for m in at.metric}
    assert "Оффер в месяц, на руки" in metrics  # the basis the user typed
    (other,) = [c.value for c in at.caption if c.value.startswith("до НДФЛ: оффер")]
    assert "за смену × 15,2 смены в месяц" in "\n".join(c.value for c in at.caption)
    assert "медиана сопоставимых" in other


def test_a_bad_amount_says_what_was_typed(monkeypatch, trained):
    at = open_app(monkeypatch, *trained[:1], "benchmark", trained[1])
    at.text_input(key="bm_amount.ru").input("сорок тысяч")
    at = next(b for b in at.button if b.label == "Оценить").click().run()

    assert not at.exception
    assert "«сорок тысяч»" in at.error[0].value


def test_without_comparables_a_sentence_replaces_the_histogram(monkeypatch, trained):
    at = open_app(monkeypatch, *trained[:1], "benchmark", trained[1], source="nowhere")
    at = submit_offer(at)

    assert not at.exception
    assert any("Сопоставимых вакансий с зарплатой нет" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1  # the model's effects only


class _Model:
    """Stands in for the pay model: P50 changes by 1 000 ₽ per input changed."""

    reference = {"work_format": "on_site", "experience": "between1And3",
                 "sector": "ecommerce_retail", "region": "Москва",
                 "schedule": "full_day"}  # fmt: skip

    def predict(self, frame):
        return pd.DataFrame([{"p10": 30_000.0, "p50": 40_000.0, "p90": 50_000.0}])

    def effects(self, frame, changes):
        return {name: 1000.0 for name in changes}


def _row(**changes):
    row = {"title": "Оператор чата", "sector": None, "role_family": "chat_support",
           "schedule": None, "shift_pattern": None, "night_shifts": False,
           "work_format": "remote", "part_time_hours": None, "experience": None,
           "employment": None, "region": None, "languages": []}  # fmt: skip
    return row | changes


def test_an_input_left_empty_has_no_effect():
    _, effects = bm.predict_offer(_Model(), _row())
    assert set(effects) == {"work_format"}  # only what the user stated
    # A title that names no sector reads as «other»: still nothing the user said.
    _, effects = bm.predict_offer(_Model(), _row(sector="other"))
    assert "sector" not in effects

    _, effects = bm.predict_offer(_Model(), _row(sector="finance", region="Казань"))
    assert {"sector", "region", "work_format"} <= set(effects)


@pytest.mark.parametrize(
    ("dates", "ru", "en"),
    [
        (pd.date_range("2026-06-01", "2026-09-30", freq="W"), "сен 2026", "Sep 2026"),
        (pd.date_range("2026-08-01", "2026-08-20", freq="D"), "10 авг", "10 Aug"),
    ],
)
def test_date_ticks_are_in_the_ui_language(dates, ru, en):
    values, texts = date_ticks(dates, "ru")
    assert ru in texts and len(values) == len(texts) <= 10
    assert en in date_ticks(dates, "en")[1]


def test_tables_format_numbers_like_the_metrics():
    frame = pd.DataFrame({"n": [11983], "pay": [45000.4], "share": [0.4321]})
    html = styled(frame, counts=("n",), roubles=("pay",), percents=("share",)).to_html()
    assert "11\u202f983" in html and "45\u202f000\u00a0₽" in html and "43\u00a0%" in html
    assert frame["n"].dtype.kind == "i"  # still numbers: the table sorts by value


def test_trends_share_axis_has_a_title_and_round_ticks(monkeypatch, trained):
    import json

    at = open_app(monkeypatch, trained[0], "trends", trained[1])
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    share_axis = spec["layout"]["yaxis3"]
    assert share_axis["tickvals"] == [0, 0.25, 0.5, 0.75, 1]
    assert share_axis["title"]["text"] == "с зарплатой, %"


def test_the_page_shows_no_effect_for_a_sector_left_empty(monkeypatch, trained):
    import json

    at = submit_offer(open_app(monkeypatch, trained[0], "benchmark", trained[1]))

    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    labels = [str(y) for f in figures for t in f["data"] if t.get("orientation") == "h"
              for y in t.get("y", [])]  # fmt: skip
    assert labels and not [y for y in labels if y.startswith("Отрасль")]
