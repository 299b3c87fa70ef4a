"""One verdict for an offer (pipelines/analytics/verdict.py, verdict_text.py): which estimate it
leans on and why, and never a word that contradicts the range it shows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app_pages._format import rub
from pipelines.analytics import verdict as vd
from pipelines.analytics import verdict_text as vt
from pipelines.analytics.comparables import Comparables, Step
from pipelines.analytics.stats import confidence


def market(n=60, low=50_000.0, centre=57_000.0, high=69_000.0, months=12, relaxed=False):
    return vd.Estimate("market", low, centre, high, n, months, relaxed)


def model(low=40_000.0, centre=55_000.0, high=70_000.0, coverage=0.8, vs_baseline=-0.2):
    return vd.Estimate("model", low, centre, high, coverage=coverage, vs_baseline=vs_baseline)


def test_a_strong_recent_exact_market_carries_the_verdict():
    found = vd.decide(52_000, market(), model())
    assert found.basis.basis == "market" and found.reasons == ("market_strong",)
    assert found.caveats == ()
    assert found.position == "within" and found.agree
    assert vt.reconciliation(found) == (
        "Рынок и модель согласны; опираемся на рынок: сопоставимых достаточно (60), все условия "
        "совпадают, данные свежие."
    )


def test_few_comparables_saying_above_while_the_model_says_below_lean_on_the_model():
    # The case of issue 14: percentile 100 among 10 comparables, the model's P50 far above.
    thin = market(n=10, low=30_000, centre=34_000, high=38_000, months=None, relaxed=True)
    found = vd.decide(51_724, thin, model(low=60_000, centre=76_000, high=110_000))
    assert found.basis.basis == "model" and found.position == "below"
    assert found.other_position == "above" and found.agree is False
    assert found.reasons == ("market_thin", "market_relaxed", "market_old")
    text = vt.reconciliation(found)
    assert text.startswith("Модель — ниже, рынок — выше; опираемся на модель, потому что ")
    assert "сопоставимых мало (10)" in text
    assert vt.headline(found, 51_724, rub).startswith(f"ниже рынка: {rub(51_724)} на 32 % ниже P50")
    assert vd.recommended_range(found) == (60_000, 110_000, "model")


@pytest.mark.parametrize(
    ("estimate", "reason"),
    [(None, "no_model"), (model(low=10_000, high=90_000), "model_wide"),
     (model(coverage=0.4), "model_poor_fit"), (model(vs_baseline=0.05), "model_poor_fit")],
)  # fmt: skip
def test_a_thin_market_stands_when_the_model_cannot_carry_the_verdict(estimate, reason):
    found = vd.decide(45_000, market(n=8, months=None), estimate)
    assert found.basis.basis == "market" and found.reasons == (reason,)
    # What is weak about the comparables it leans on is said too.
    assert found.caveats == ("market_thin", "market_old")
    assert vt.reconciliation(found).endswith(
        "Оговорки: сопоставимых мало (8), среди сопоставимых есть вакансии старше 24 месяцев."
    )


def test_the_model_card_backtest_is_read():
    card = {"backtest": {"model": {"coverage": 0.76}, "mae_vs_role_sector": -0.22}}
    estimate = vd.model_estimate({"p10": 1.0, "p50": 2.0, "p90": 3.0}, card)
    assert (estimate.coverage, estimate.vs_baseline, estimate.width) == (0.76, -0.22, 1.0)
    assert vd.model_estimate(None, card) is None
    no_backtest = vd.model_estimate({"p10": 1.0, "p50": 2.0, "p90": 3.0}, {"backtest": "n/a"})
    assert no_backtest.coverage is None


def test_a_model_trained_on_other_data_is_named_as_the_reason():
    found = vd.decide(45_000, market(n=8), None, model_missing="other_data")
    assert found.reasons == ("other_data",)
    assert "модель обучена на других данных" in vt.reconciliation(found)


def test_no_comparables_and_no_model_give_no_verdict():
    found = vd.decide(45_000, None, None)
    assert found.position is None and vd.recommended_range(found) is None
    assert vt.headline(found, 45_000, rub).startswith("нет оценки")
    only_model = vd.decide(45_000, None, model())
    assert only_model.basis.basis == "model" and only_model.reasons == ("market_none",)


def test_market_estimate_needs_five_comparables_and_carries_n_window_and_relaxation():
    def found(n, dropped=()):
        pays = np.linspace(40_000, 60_000, n)
        return Comparables(Step((), dropped), pays, (), True, months=24)

    assert vd.market_estimate(found(4)) is None
    estimate = vd.market_estimate(found(21, ("english",)))
    assert (estimate.n, estimate.months, estimate.relaxed) == (21, 24, True)
    assert (estimate.low, estimate.centre, estimate.high) == (45_000, 50_000, 55_000)
    assert estimate.confidence == confidence(21) == "medium"


def test_comparables_that_all_pay_the_same_give_no_zero_width_market_range():
    same = Comparables(Step((), ()), np.full(10, 37_000.0), (), True, months=12)
    assert vd.market_estimate(same) is None

    model = vd.Estimate("model", 30_000, 45_000, 70_000, coverage=0.8, vs_baseline=-0.2)
    judged = vd.decide(51_724, vd.market_estimate(same), model)
    assert judged.basis is model and vd.recommended_range(judged)[:2] == (30_000, 70_000)


@pytest.mark.parametrize(
    ("n", "word"), [(0, "none"), (4, "none"), (5, "low"), (14, "low"), (15, "medium"),
                    (49, "medium"), (50, "high")],
)  # fmt: skip
def test_confidence_words_by_n_in_both_languages(n, word):
    estimate = market(n=n)
    assert estimate.confidence == word
    ru, en = vt.range_text(estimate, rub), vt.range_text(estimate, rub, "en")
    assert f"n = {n}, достоверность {vt.CONFIDENCE[word][0]}" in ru
    assert f"n = {n}, confidence {word}" in en


def test_the_model_interval_is_worded_by_its_width():
    assert model(low=45_000, centre=55_000, high=70_000).confidence == "narrow"  # 45 %
    assert model(low=30_000, centre=55_000, high=90_000).confidence == "moderate"  # 109 %
    assert model(low=20_000, centre=55_000, high=100_000).confidence == "wide"  # 145 %
    assert "интервал узкий (45 % от P50)" in vt.range_text(model(45_000, 55_000, 70_000), rub)


amounts = st.floats(1_000, 1_000_000)
ranges = st.lists(st.floats(5_000, 500_000), min_size=3, max_size=3).map(sorted)


@settings(max_examples=300, deadline=None)
@given(amounts, ranges, ranges, st.integers(0, 200), st.booleans(), st.sampled_from([12, 24, None]),
       st.booleans(), st.floats(0.3, 1.0))  # fmt: skip
def test_the_verdict_word_never_contradicts_the_range_it_shows(
    amount, market_q, model_q, n, relaxed, months, has_model, coverage
):
    shown_market = market(n, *market_q, months=months, relaxed=relaxed) if n >= 5 else None
    shown_model = model(*model_q, coverage=coverage) if has_model else None
    found = vd.decide(amount, shown_market, shown_model)
    if found.basis is None:
        assert shown_market is None and shown_model is None
        return
    low, high, _ = vd.recommended_range(found)
    assert (low, high) == (found.basis.low, found.basis.high)
    word = found.position
    assert (word == "below") == (amount < low) and (word == "above") == (amount > high)
    if word == "at":
        assert abs(amount / found.basis.centre - 1) <= vd.AT_MARKET + 1e-9
    # The sentence says the same side as the word, and the gap has the right sign.
    text = vt.headline(found, amount, rub)
    assert text.startswith(vt.HEADLINES[word][0])
    if round(abs(found.gap) * 100):
        assert ("ниже" if amount < found.basis.centre else "выше") in text.split(";")[0]
    if word == "below":
        assert found.gap < 0
    if word == "above":
        assert found.gap > 0
    # Leaning on a thin or old market only when the model cannot carry it.
    if found.basis.basis == "market" and found.reasons != ("market_strong",):
        assert shown_model is None or found.reasons[0] in ("model_wide", "model_poor_fit")
