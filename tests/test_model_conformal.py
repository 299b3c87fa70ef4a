"""Interval calibration under shift (models/conformal.py) and what the backtest reports of it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models import conformal
from models.backtest import coverage_by_group, currency_group
from models.frame import design_frame
from models.pay_model import PayModel
from models.threads import ENV, training_threads
from models.train import evaluate

TITLES = {
    "Оператор чата": 45_000,
    "Оператор call-центра": 40_000,
    "Специалист техподдержки": 55_000,
    "Python-разработчик": 180_000,
    "Бухгалтер": 70_000,
    "Менеджер по продажам": 60_000,
    "Аналитик данных": 130_000,
    "Водитель": 75_000,
}
REGIONS = {"Москва": 1.3, "Казань": 0.9, "Новосибирск": 1.0}


def drifting_market(rows: int, years: float, growth: float, seed: int = 0):
    """Vacancies spread over `years`, pay growing by `growth` (log) a year within every job,
    with a lognormal spread: (design frame, pay, published)."""
    rng = np.random.default_rng(seed)
    titles = rng.choice(list(TITLES), rows)
    regions = rng.choice(list(REGIONS), rows)
    age = np.sort(rng.uniform(0, years, rows))
    base = np.array([TITLES[t] * REGIONS[r] for t, r in zip(titles, regions, strict=True)])
    pay = base * np.exp(growth * age + rng.normal(0, 0.25, rows))
    published = (pd.Timestamp("2021-01-01") + pd.to_timedelta(age * 365.25, unit="D")).round("s")
    frame = design_frame(pd.DataFrame({"title": titles, "region": regions}))
    return frame, pay, pd.Series(published)


class PlainSplitConformal(PayModel):
    """The model as it was: no drift, one split-conformal offset (what shift defeats)."""

    def fit(self, frame, pay_rub, interval_rows=None, published=None):
        return super().fit(frame, pay_rub, interval_rows)

    def calibrate(self, frame, pay_rub, published=None, groups=None):
        return super().calibrate(frame, pay_rub)

    def predict(self, frame, published=None, groups=None):
        return super().predict(frame)


def test_coverage_holds_on_later_data_where_plain_split_conformal_fails():
    # Two quiet years, then a gap of a year and a half before the test vacancies: pay grew
    # 15 % a year meanwhile, which the calibration slice (just before the gap) cannot show.
    frame, pay, published = drifting_market(4000, 2.0, 0.14)
    later, later_pay, later_published = drifting_market(1000, 0.5, 0.14, seed=1)
    later_published = later_published + pd.Timedelta(days=int(3.5 * 365))
    later_pay = later_pay * np.exp(0.14 * 3.5)
    frame = pd.concat([frame, later], ignore_index=True)
    pay = np.concatenate([pay, later_pay])
    published = pd.concat([published, later_published], ignore_index=True)
    test_from = later_published.min().to_pydatetime()

    shifted = evaluate(frame, pay, published, test_from=test_from)
    plain = evaluate(frame, pay, published, test_from=test_from, make_model=PlainSplitConformal)

    assert plain["model"]["coverage"] < 0.6
    assert 0.72 <= shifted["model"]["coverage"] <= 0.9
    assert shifted["model"]["pinball"] < plain["model"]["pinball"]
    assert shifted["model"]["mean_width"] < shifted["baseline_global_median"]["mean_width"]
    assert shifted["calibration"]["drift_per_year_log"] == pytest.approx(0.14, abs=0.03)


def test_without_drift_coverage_stays_near_nominal_and_every_decile_too():
    frame, pay, published = drifting_market(5000, 1.0, 0.0, seed=2)

    report = evaluate(frame, pay, published)

    assert 0.75 <= report["model"]["coverage"] <= 0.85
    assert all(0.65 <= d["coverage"] <= 0.95 for d in report["calibration_by_decile"])
    assert abs(report["calibration"]["drift_per_year_log"]) < 0.05


def _two_sources(easy: int, hard: int, seed: int):
    """Log-pay residuals around a predicted interval of ±0.2: source `easy` spreads 0.1, source
    `hard` 0.5 (a broad export against one narrow search)."""
    rng = np.random.default_rng(seed)
    target = np.concatenate([rng.normal(0, 0.1, easy), rng.normal(0, 0.5, hard)])
    groups = np.array(["easy"] * easy + ["hard"] * hard, dtype=object)
    return np.full(len(target), -0.2), np.full(len(target), 0.2), target, groups


def _inside(low, high, target) -> np.ndarray:
    return (target >= low) & (target <= high)


def test_mondrian_offsets_hold_each_source_when_the_mix_shifts_and_pooled_ones_fail():
    # The calibration slice is mostly the easy source, what follows mostly the hard one.
    low, high, target, groups = _two_sources(1200, 300, seed=7)
    test_low, test_high, test_target, test_groups = _two_sources(500, 2000, seed=8)
    hard = test_groups == "hard"

    pooled = conformal.calibrate(low, high, target)
    mondrian = conformal.calibrate(low, high, target, groups=groups)
    plain = _inside(*conformal.apply(test_low, test_high, pooled), test_target)
    held = _inside(*conformal.apply(test_low, test_high, mondrian, groups=test_groups), test_target)

    assert plain[hard].mean() < 0.6
    assert plain.mean() < 0.7
    assert 0.74 <= held[hard].mean() <= 0.86
    assert held[~hard].mean() >= plain[~hard].mean()  # never below the pooled offset
    assert 0.74 <= held.mean() <= 0.88
    assert [name for name, _, _ in mondrian.groups] == ["easy", "hard"]


def test_mondrian_offsets_shrink_small_groups_and_leave_unseen_ones_pooled():
    low, high, target, groups = _two_sources(1000, 10, seed=9)
    offsets = conformal.calibrate(low, high, target, groups=groups)
    own = {name: (offset, n) for name, offset, n in offsets.groups}
    hard_alone = conformal.calibrate(
        low[groups == "hard"], high[groups == "hard"], target[groups == "hard"]
    ).high

    assert own["hard"][1] == 10
    # 10 rows against 30 pseudo-rows: a quarter of the way from the pooled offset to its own.
    expected = offsets.high + (hard_alone - offsets.high) * 10 / (10 + conformal.GROUP_PRIOR_ROWS)
    assert own["hard"][0] == pytest.approx(max(expected, offsets.high))
    assert own["easy"][0] >= offsets.high
    move_low, move_high = offsets.per_row(np.array(["elsewhere", "hard"], dtype=object))
    assert move_high.tolist() == pytest.approx([offsets.high, own["hard"][0]])
    assert offsets.per_row(None) == (offsets.low, offsets.high)


def test_equal_weights_give_the_plain_split_conformal_rank():
    scores = np.arange(1.0, 11.0)  # ⌈11 · 0.8⌉ = 9th smallest
    offsets = conformal.calibrate(scores, np.zeros(10), np.zeros(10))
    assert offsets.high == 9.0
    same_time = conformal.calibrate(scores, np.zeros(10), np.zeros(10), age_years=np.zeros(10))
    assert same_time.high == 9.0


def test_recent_calibration_rows_count_more_than_a_stale_search():
    # Most of the slice is a narrow search three years old; its last rows are this year's
    # broader vacancies, which is what follows.
    low, high, old, _ = _two_sources(1000, 0, seed=12)
    _, _, recent, _ = _two_sources(0, 300, seed=13)
    target = np.concatenate([old, recent])
    low, high = np.full(len(target), -0.2), np.full(len(target), 0.2)
    age = np.concatenate([np.full(1000, -3.0), np.full(300, -0.1)])
    _, _, later, _ = _two_sources(0, 2000, seed=14)

    plain = conformal.calibrate(low, high, target)
    recency = conformal.calibrate(low, high, target, age_years=age)

    def coverage(offsets):
        return _inside(*conformal.apply(low[:1300], high[:1300], offsets), later[:1300]).mean()

    assert coverage(plain) < 0.5
    assert coverage(recency) >= 0.7
    assert conformal.recency_weights([-2.0, 0.0, 0.5]).tolist() == pytest.approx(
        [np.exp(-2 / conformal.RECENCY_YEARS), 1.0, 1.0]
    )


def test_backtest_with_sources_covers_a_harder_source_that_grows_in_the_test():
    frame, pay, published = drifting_market(4000, 2.0, 0.0, seed=10)
    rng = np.random.default_rng(11)
    # A second, noisier source: rare early, most of the latest vacancies.
    share = np.linspace(0.05, 0.9, len(frame))
    source = np.where(rng.uniform(size=len(frame)) < share, "broad", "narrow")
    pay = pay * np.exp(np.where(source == "broad", rng.normal(0, 0.5, len(frame)), 0.0))
    groups = pd.DataFrame({"source": source, "currency": "RUR"})

    report = evaluate(frame, pay, published, groups=groups)
    pooled = evaluate(frame, pay, published)

    by_source = {row["group"]: row["coverage"] for row in report["coverage_by_source"]}
    assert by_source["broad"] >= 0.74
    assert report["model"]["coverage"] > pooled["model"]["coverage"]
    assert 0.74 <= report["model"]["coverage"] <= 0.88
    assert {row["source"] for row in report["calibration"]["offset_by_source"]} == {
        "broad",
        "narrow",
    }
    assert {row["group"] for row in report["coverage_by_role_family"]}


def test_drift_is_measured_within_like_jobs_not_from_a_change_in_the_mix():
    rng = np.random.default_rng(3)
    age = rng.uniform(0, 3, 3000)
    cells = rng.integers(0, 30, 3000)
    level = np.log(40_000) + cells * 0.05
    growing = level + 0.2 * age + rng.normal(0, 0.2, 3000)
    # The same flat pay per job, but better-paid jobs only in later years: the mix changes.
    late_cells = np.where(age > 1.5, cells + 30, cells)
    mixed = np.log(40_000) + late_cells * 0.05 + rng.normal(0, 0.2, 3000)

    assert conformal.drift_per_year(growing, age - 3, cells)[0] == pytest.approx(0.2, abs=0.02)
    assert abs(conformal.drift_per_year(mixed, age - 3, late_cells)[0]) < 0.02


def test_drift_falls_back_to_the_prior_when_the_data_span_no_time():
    drift, se = conformal.drift_per_year(np.ones(100), np.zeros(100), np.arange(100))
    assert (drift, se) == (conformal.PRIOR_DRIFT, conformal.PRIOR_DRIFT_SD)
    weeks = np.linspace(-0.05, 0, 500)
    drift, _ = conformal.drift_per_year(np.random.default_rng(4).normal(size=500), weeks, 0 * weeks)
    assert drift == pytest.approx(conformal.PRIOR_DRIFT, abs=0.01)


def test_uncertainty_widens_only_ahead_of_the_data_and_at_most_the_horizon_cap():
    ages = np.array([-2.0, 0.0, 1.0, 10.0])
    assert conformal.uncertainty(ages, 0.05).tolist() == pytest.approx(
        [0, 0, 0.05, 0.05 * conformal.MAX_HORIZON_YEARS]
    )
    assert conformal.horizon(ages).tolist() == [-2.0, 0.0, 1.0, conformal.MAX_HORIZON_YEARS]


def test_a_calibrated_interval_is_never_zero_width():
    low = np.log([30_000.0, 50_000, 80_000])
    high = np.log([30_000.0, 40_000, 90_000])  # collapsed, crossed, normal
    narrowing = conformal.Offsets(low=-0.2, high=-0.2, n=10)

    new_low, new_high = conformal.apply(low, high, narrowing)

    assert (new_high - new_low >= conformal.MIN_LOG_WIDTH - 1e-12).all()


def test_identical_pay_still_gets_an_interval_of_nonzero_width():
    frame, _, published = drifting_market(400, 1.0, 0.0, seed=5)
    pay = np.full(len(frame), 50_000.0)
    model = PayModel().fit(frame, pay, interval_rows=np.arange(400) < 320, published=published)
    model.calibrate(frame[320:], pay[320:], published[320:])

    predicted = model.predict(frame)

    assert (predicted["p90"] > predicted["p10"]).all()
    assert (predicted["p10"] <= predicted["p50"]).all()
    assert (predicted["p50"] <= predicted["p90"]).all()


def test_coverage_by_group_counts_each_group_largest_first():
    actual = np.array([10, 20, 30, 40, 50.0])
    p10, p90 = np.full(5, 15.0), np.full(5, 45.0)
    groups = pd.Series(["hh", "hh", "csv:x", "hh", "csv:x"])

    table = coverage_by_group(actual, p10, p90, groups)

    assert table == [
        {"group": "hh", "n": 3, "coverage": 2 / 3, "mean_width": 30.0, "median_width": 30.0},
        {"group": "csv:x", "n": 2, "coverage": 0.5, "mean_width": 30.0, "median_width": 30.0},
    ]


def test_currency_group_reads_missing_currency_as_roubles():
    groups = currency_group(pd.Series(["RUR", "rub", None, "KZT", "UZS", "USD"]))
    assert groups.tolist() == ["RUB", "RUB", "RUB", "foreign", "foreign", "foreign"]


def test_training_threads_default_to_one_and_follow_the_environment(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert training_threads() == 1
    monkeypatch.setenv(ENV, "2")
    assert training_threads() == 2
    for bad in ("0", "two"):
        monkeypatch.setenv(ENV, bad)
        with pytest.raises(ValueError, match=ENV):
            training_threads()


def test_a_model_saved_before_this_calibration_still_predicts_with_its_one_offset():
    frame, pay, _ = drifting_market(400, 1.0, 0.0, seed=6)
    model = PayModel().fit(frame, pay, interval_rows=np.arange(400) < 320)
    # What unpickling an older model gives: no per-quantile columns, no offsets or drift, and
    # one offset in log pay for both ends.
    for name in ("model_columns", "offsets", "drift", "drift_se", "reference_time"):
        model.__dict__.pop(name, None)
    model.__dict__["conformal_offset"] = 0.1
    low, _, high = model._log_quantiles(frame)

    legacy = model.predict(frame)

    assert model.calibration_rows == 0
    assert np.allclose(legacy["p10"], np.exp(low - 0.1))
    assert np.allclose(legacy["p90"], np.exp(high + 0.1))
