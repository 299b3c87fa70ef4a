"""Offer benchmark core: conversion by the payroll rules, the comparables ladder, percentile,
verdict, the range to offer and the exported summary."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from app_pages._format import rub
from pipelines.analytics import offer as bm
from pipelines.analytics.offer import Offer, Step
from pipelines.normalise.payroll import hours_per_month, net_to_gross_monthly, shifts_per_month

ON = date(2026, 11, 25)


def test_45000_net_a_month_is_grossed_up_by_the_payroll_rules():
    offer = Offer(45_000.0, gross=False, period="month")

    conversion = bm.monthly_gross(offer, ON)

    assert conversion.monthly_gross == round(net_to_gross_monthly(45_000.0, ON), 2) == 51_724.14
    assert conversion.ndfl_rate == 0.13
    assert bm.conversion_text(offer, conversion, rub) == (
        f"{rub(45_000)} на руки → {rub(51_724)} до НДФЛ (13 %)"
    )
    assert bm.conversion_text(offer, conversion, rub, "en") == (
        f"{rub(45_000)} net → {rub(51_724)} gross (13 %)"
    )


def test_shift_pay_uses_the_shift_pattern_norm_and_hourly_pay_the_40_hour_week():
    shift = bm.monthly_gross(Offer(3_000.0, gross=True, period="shift", shift_pattern="2/2"), ON)
    hourly = bm.monthly_gross(Offer(300.0, gross=True, period="hour", schedule="full_day"), ON)
    twelve_hours = bm.monthly_gross(
        Offer(300.0, gross=True, period="hour", schedule="shift", shift_pattern="2/2"), ON
    )

    assert shift.monthly_gross == round(3_000 * shifts_per_month("2/2", ON)[0], 2)
    assert shift.ndfl_rate is None and "2/2" in shift.note
    assert hourly.monthly_gross == round(300 * hours_per_month(ON), 2)
    assert twelve_hours.monthly_gross == round(300 * 12 * shifts_per_month("2/2", ON)[0], 2)


def test_the_ladder_drops_experience_then_english_then_night_then_work_format():
    steps = bm.comparable_steps(Offer(45_000.0, experience="between1And3"))

    assert steps == (
        Step(("work_format", "night_shifts", "english", "experience"), ()),
        Step(("work_format", "night_shifts", "english"), ("experience",)),
        Step(("work_format", "night_shifts"), ("experience", "english")),
        Step(("work_format",), ("experience", "english", "night_shifts")),
        Step((), ("experience", "english", "night_shifts", "work_format")),
    )


def test_an_unstated_experience_is_no_constraint():
    steps = bm.comparable_steps(Offer(45_000.0, experience=None))

    assert steps[0] == Step(("work_format", "night_shifts", "english"), ())
    assert len(steps) == 4


def sample(rows: list[tuple[float, bool, bool, bool, bool]]) -> pd.DataFrame:
    columns = ["pay_mid_rub", "same_work_format", "same_night_shifts", "same_english",
               "same_experience"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


SAMPLE = sample(
    [
        (50_000, True, True, True, True),
        (60_000, True, True, True, False),
        (70_000, True, True, False, False),
        (40_000, True, False, False, False),
        (30_000, False, False, False, False),
    ]
)


@pytest.mark.parametrize(
    ("minimum", "dropped", "pays"),
    [
        (1, (), [50_000]),
        (2, ("experience",), [50_000, 60_000]),
        (3, ("experience", "english"), [50_000, 60_000, 70_000]),
        (5, ("experience", "english", "night_shifts", "work_format"), [50_000, 60_000, 70_000,
                                                                       40_000, 30_000]),
    ],
)  # fmt: skip
def test_comparables_relax_until_n_reaches_the_minimum(minimum, dropped, pays):
    found = bm.choose_comparables(SAMPLE, Offer(1.0, experience="between1And3"), minimum)

    assert found.step.dropped == dropped
    assert found.pays.tolist() == pays and found.n == len(pays) and found.enough
    assert [t.n for t in found.tried] == [1, 2, 3, 4, 5][: len(dropped) + 1]
    assert found.months is None and not found.widened  # no dates: the whole sample


def test_too_few_even_for_the_role_family_keeps_the_last_rung_and_says_so():
    found = bm.choose_comparables(SAMPLE, Offer(1.0, experience="between1And3"), 10)

    assert found.n == 5 and not found.enough and not found.step.kept


@pytest.mark.parametrize(
    ("amount", "pays", "expected"),
    [
        (2, [1, 2, 3], 50.0),
        (0, [1, 2, 3], 0.0),
        (10, [1, 2, 3], 100.0),
        (5, [5, 5, 5, 5], 50.0),
        (2.5, [1, 2, 3, 4], 50.0),
        (1, [], None),
    ],
)
def test_percentile_is_the_share_paying_less_with_ties_counting_half(amount, pays, expected):
    assert bm.percentile_of(amount, pays) == expected


def test_model_row_asks_for_english_at_the_level_given_and_none_for_none():
    row = bm.model_row(Offer(45_000.0, title="Оператор чата", english="b2", night_shifts=True))

    assert row["languages"] == [{"name": "english", "level": "b2", "required": True}]
    assert row["night_shifts"] is True and row["work_format"] == "remote"
    assert row["role_family"] == "chat_support"
    assert bm.model_row(Offer(45_000.0, english="none"))["languages"] == []


REPORT = bm.Report(
    title="Оценка оффера <b>",
    rows=(("Должность", "<script>alert('x')</script> & Co"), ("Перцентиль", "29 (n = 56)")),
    effects=(("английский B2 вместо «не нужен»", "+13 400 ₽"),),
    effects_heading="Влияние",
    notes=("синтетические <демо>",),
)


def test_html_summary_escapes_every_text_and_needs_nothing_outside():
    page = bm.summary_html(REPORT)

    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "Оценка оффера &lt;b&gt;" in page and "синтетические &lt;демо&gt;" in page
    assert "<style>" in page and "src=" not in page and "href=" not in page
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "английский B2 вместо «не нужен»" in page and "+13 400 ₽" in page


def test_report_frame_lists_rows_then_effects():
    frame = bm.report_frame(REPORT)

    assert frame.to_dict("records") == [
        {"item": "Должность", "value": "<script>alert('x')</script> & Co"},
        {"item": "Перцентиль", "value": "29 (n = 56)"},
        {"item": "Влияние: английский B2 вместо «не нужен»", "value": "+13 400 ₽"},
    ]
