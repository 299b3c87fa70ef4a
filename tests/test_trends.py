"""Trends on sparse data: the step chosen from the data's density, gaps kept as gaps, n only in
hovers, the composition-fixed index beside the raw median, the data window in Moscow time."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from app_pages.charts.trends import band_outline, pay_over_time
from pipelines.analytics.time_steps import choose_step, density, with_gaps
from tests.conftest import open_app


def weeks(counts: dict[str, int]) -> tuple[pd.Series, pd.Series]:
    """Weekly periods (Mondays) and their counts of vacancies with pay."""
    periods = pd.to_datetime(list(counts)).to_period("W").start_time
    return pd.Series(periods), pd.Series(list(counts.values()))


def every_week(start: str, n_weeks: int, per_week: int) -> dict[str, int]:
    return {str(d.date()): per_week for d in pd.date_range(start, periods=n_weeks, freq="W-MON")}


@pytest.mark.parametrize(
    ("counts", "step"),
    [
        (every_week("2025-01-06", 12, 200), "week"),  # dense weeks: the finest step
        (every_week("2025-01-06", 40, 4), "month"),  # 4 a week: ~17 a month
        # A few busy weeks spread over four years: quarters, with most of them empty.
        ({"2021-03-01": 60, "2023-02-06": 40, "2023-09-04": 30, "2024-10-07": 70,
          "2025-03-03": 110, "2025-08-04": 12}, "quarter"),
        (every_week("2025-01-06", 3, 2), "week"),  # too short for months: keeps weeks
        ({}, "week"),
    ],
)  # fmt: skip
def test_the_step_follows_the_density_of_the_data(counts, step):
    assert choose_step(*weeks(counts), minimum=10) == step


def test_density_says_how_full_and_how_big_the_periods_are():
    typical, filled, span = density(*weeks({"2025-01-06": 30, "2025-03-03": 10}), "month")

    assert (typical, filled, span) == (20.0, pytest.approx(2 / 3), 3)


def test_missing_periods_become_gaps_and_counts_become_zero():
    series = pd.DataFrame({
        "period": pd.to_datetime(["2021-01-01", "2021-04-01", "2022-01-01"]),
        "with_pay": [12, 3, 40], "p50": [50_000.0, 52_000.0, 60_000.0],
    })  # fmt: skip

    full = with_gaps(series, "quarter", counts=("with_pay",))

    assert list(full["period"].dt.strftime("%Y-%m")) == [
        "2021-01", "2021-04", "2021-07", "2021-10", "2022-01"]  # fmt: skip
    assert list(full["with_pay"]) == [12, 3, 0, 0, 40]
    assert full["p50"].isna().tolist() == [False, False, True, True, False]


def test_the_band_is_one_shape_per_run_and_never_bridges_a_gap():
    periods = pd.Series(pd.to_datetime(["2021-01-01", "2021-04-01", "2021-07-01", "2021-10-01"]))
    low = pd.Series([1.0, 2.0, np.nan, 4.0])
    high = pd.Series([5.0, 6.0, np.nan, 8.0])

    xs, ys = band_outline(periods, low, high)

    assert ys == [5.0, 6.0, 2.0, 1.0, None, 8.0, 4.0]
    assert xs[4] is None and xs[5] == xs[6] == periods[3]


def test_thin_periods_are_grey_markers_with_n_in_the_hover_and_no_text_labels():
    series = with_gaps(pd.DataFrame({
        "period": pd.to_datetime(["2021-01-01", "2023-01-01"]), "vacancies": [8, 60],
        "with_pay": [3, 50], "share_with_pay": [3 / 8, 50 / 60], "p25": [40e3, 50e3],
        "p50": [45e3, 55e3], "p75": [50e3, 60e3],
    }), "quarter", counts=("vacancies", "with_pay"))  # fmt: skip
    words = {"median": "медиана", "band": "P25–P75", "vacancies": "вакансий",
             "share": "доля", "pay_axis": "₽", "small_sample": "мало данных",
             "quarter": "{q} кв. {year}"}  # fmt: skip

    figure = pay_over_time(series, 10, words, "quarter")

    median = next(t for t in figure.data if t.name == "медиана")
    assert len(median.x) == 9 and np.isnan(median.y[1:8]).all() and not median.connectgaps
    assert median.marker.color[0] == "#bbbbbb" and median.marker.color[-1] == "#1f77b4"
    assert median.hovertext[0].startswith("1 кв. 2021<br>медиана 45")
    assert "n = 3" in median.hovertext[0] and "мало данных" in median.hovertext[0]
    assert not figure.layout.annotations


def test_demo_trends_show_weeks_with_a_monthly_pay_index(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, "trends")

    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert "Шаг «неделя»" in captions
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    median = next(t for t in charts[0]["data"] if t.get("name") == "медиана")
    assert len(median["x"]) == 5 and len(charts) == 1
    # Five weeks over two months: no cell links September to October, and the page says so.
    assert "Индекс не построен" in at.info[0].value


@pytest.mark.parametrize(
    ("period", "step", "label"),
    [("2025-03-03", "week", "03.03.2025"), ("2025-03-01", "month", "03.2025"),
     ("2025-10-01", "quarter", "Q4 2025"), (None, "month", "—")],
)  # fmt: skip
def test_periods_are_named_as_people_name_them(period, step, label):
    from app_pages.charts.trends import period_label

    assert period_label(pd.Timestamp(period) if period else pd.NaT, step) == label
