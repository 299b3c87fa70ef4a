"""Comparables from a recent window (widened and said so when thin), with older pay brought to
the newest period by the wage index (pipelines/analytics/comparables.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.analytics import comparables as cmp
from pipelines.analytics.offer import Offer
from pipelines.analytics.verdict_text import adjustment_text, period_name, window_text

OFFER = Offer(45_000.0, english="b2", night_shifts=True)  # experience unstated: 3 constraints


def dated(rows) -> pd.DataFrame:
    """rows: (published_at, pay, matches every constraint?)."""
    frame = pd.DataFrame(rows, columns=["published_at", "pay_mid_rub", "match"])
    frame["published_at"] = pd.to_datetime(frame["published_at"])
    for name in ("work_format", "night_shifts", "english", "experience"):
        frame[f"same_{name}"] = frame["match"]
    frame.loc[~frame["match"], "same_work_format"] = True  # the last rung keeps work format
    return frame.drop(columns="match")


def spread(day: str, n: int, pay: float = 50_000, match: bool = True) -> list:
    return [(day, pay + i, match) for i in range(n)]


def test_recent_comparables_are_enough_and_older_ones_stay_out():
    sample = dated(spread("2025-10-01", 10) + spread("2022-01-01", 30, 90_000))
    found = cmp.choose_comparables(sample, OFFER, 10)
    assert found.months == 12 and not found.widened and found.n == 10
    assert found.pays.max() < 60_000
    assert found.newest == pd.Timestamp("2025-10-01")


def test_the_window_widens_to_24_months_before_a_condition_is_dropped_and_says_so():
    sample = dated(spread("2025-10-01", 6) + spread("2024-03-01", 6) + spread("2025-09-01", 20,
                   match=False))  # fmt: skip
    found = cmp.choose_comparables(sample, OFFER, 10)
    assert found.months == 24 and found.widened and found.n == 12
    assert not found.step.dropped
    assert [(t.months, t.n) for t in found.tried] == [(12, 6), (24, 12)]
    assert "24" in window_text(found.months) and "мало" in window_text(found.months)


def test_a_condition_is_dropped_within_24_months_before_the_whole_history_counts():
    sample = dated(spread("2025-10-01", 4) + spread("2025-09-01", 8, match=False)
                   + spread("2019-01-01", 20))  # fmt: skip
    found = cmp.choose_comparables(sample, OFFER, 10)
    assert found.step.dropped == ("english", "night_shifts") and found.months == 12
    assert found.n == 12


def test_the_whole_history_is_the_last_resort():
    sample = dated(spread("2025-10-01", 3) + spread("2019-01-01", 20))
    found = cmp.choose_comparables(sample, OFFER, 10)
    assert found.months is None and found.widened and found.n == 23 and found.enough
    assert not found.step.dropped
    assert "всё время" in window_text(None) and "all the data" in window_text(None, "en")


def test_newest_comes_from_the_warehouse_not_only_the_role_family():
    sample = dated(spread("2024-06-01", 12))
    found = cmp.choose_comparables(sample, OFFER, 10, newest="2025-12-01")
    assert found.months == 24 and found.newest == pd.Timestamp("2025-12-01")


def index_sample(raise_: float) -> pd.DataFrame:
    """Two cells, 30 vacancies each, in January and in December 2025: pay up by `raise_`."""
    rows = []
    for day, factor in (("2025-01-15", 1.0), ("2025-12-15", raise_)):
        for family, pay in (("chat", 40_000), ("dev", 200_000)):
            rows += [(day, family, "msk", pay * factor * (1 + (i % 3 - 1) / 200))
                     for i in range(30)]  # fmt: skip
    return pd.DataFrame(rows, columns=["published_at", "role_family", "region", "pay_mid_rub"])


def test_older_pay_is_brought_to_the_newest_period_and_the_text_says_by_how_much():
    sample = dated(spread("2025-01-20", 5, 40_000) + spread("2025-12-20", 5, 44_000))
    adjusted = cmp.with_wage_adjustment(sample, index_sample(1.10))
    assert adjusted.attrs["to_period"] == pd.Timestamp("2025-12-01")
    found = cmp.choose_comparables(adjusted, OFFER, 10)
    assert found.published[:5].tolist() == [40_000 + i for i in range(5)]
    assert found.pays[:5] == pytest.approx(found.published[:5] * 1.10)
    assert found.pays[5:].tolist() == found.published[5:].tolist()
    moved = cmp.adjustment(found)
    assert (moved.moved, moved.unadjusted) == (5, 0) and moved.low == pytest.approx(1.10)
    assert adjustment_text(found.n, moved) == (
        "оплата 5 из 10 приведена к уровню 12.2025 по индексу зарплат (×1,10–×1,10)"
    )


def test_a_thin_index_leaves_pay_as_published_and_says_so():
    sample = dated(spread("2025-01-20", 10, 40_000))
    thin = index_sample(1.10).iloc[::10]  # 3 vacancies a cell: no link
    adjusted = cmp.with_wage_adjustment(sample, thin)
    found = cmp.choose_comparables(adjusted, OFFER, 10)
    assert np.array_equal(found.pays, found.published)
    assert cmp.adjustment(found).moved == 0
    assert adjustment_text(found.n, cmp.adjustment(found), "en") == (
        "10 not adjusted: the index is too thin for their period"
    )


@pytest.mark.parametrize(
    ("step", "start", "ru", "en"),
    [("month", "2025-10-01", "10.2025", "10.2025"), (None, "2025-10-01", "10.2025", "10.2025"),
     ("quarter", "2025-10-01", "4 кв. 2025", "Q4 2025"), ("year", "2025-01-01", "2025", "2025")],
)  # fmt: skip
def test_the_index_period_is_named_by_its_step(step, start, ru, en):
    adjusted = cmp.Adjustment(pd.Timestamp(start), 0, 0, 1.0, 1.0, step)
    assert (period_name(adjusted), period_name(adjusted, "en")) == (ru, en)
    assert adjustment_text(3, adjusted) == (
        f"все опубликованы в {ru}: пересчитывать по индексу зарплат нечего"
    )
