"""Pay model: design frame, calibrated ranges, backtest metrics, baselines, artifacts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from models import artifacts, pay_model
from models.backtest import baseline_cells, baseline_global, metrics, time_split
from models.frame import design_frame, design_row
from models.pay_model import PayModel
from models.premiums import premiums
from models.train import evaluate

START = datetime(2025, 1, 1)


def market(n: int = 3000, seed: int = 1) -> tuple[pd.DataFrame, np.ndarray, pd.Series]:
    """A small synthetic market: English +25 %, night +15 %, call centres pay less."""
    rng = np.random.default_rng(seed)
    english = rng.random(n) < 0.3
    night = rng.random(n) < 0.25
    family = rng.choice(["chat_support", "call_centre", "software_dev"], n, p=[0.4, 0.4, 0.2])
    base = np.select([family == "chat_support", family == "call_centre"], [40_000, 35_000], 120_000)
    pay = base * np.where(english, 1.25, 1.0) * np.where(night, 1.15, 1.0)
    pay = pay * np.exp(rng.normal(0, 0.15, n))
    rows = [
        {
            "title": {
                "chat_support": "Оператор чата",
                "call_centre": "Оператор колл-центра",
                "software_dev": "Python-разработчик",
            }[f],
            "role_family": f,
            "sector": rng.choice(["ecommerce_retail", "finance", "telecom"]),
            "night_shifts": bool(nt),
            "languages": [{"name": "english", "level": "b2", "required": True}] if en else [],
            "work_format": "remote",
            "region": "Москва",
        }
        for f, nt, en in zip(family, night, english, strict=True)
    ]
    published = pd.Series([START + timedelta(hours=3 * i) for i in range(n)])
    return design_frame(rows), pay, published


def test_design_row_reads_languages_night_and_region():
    row = design_row(
        {
            "title": "Оператор",
            "area_name": "Казань",
            "night_shifts": True,
            "languages": [
                ("english", "c1", True),
                ("german", None, False),
                ("russian", None, True),
            ],
        }
    )
    assert (row["english_level"], row["english_required"], row["other_languages"]) == (5.0, 1, 1)
    assert (row["night_shifts"], row["region"], row["sector"]) == (1.0, "Казань", None)


@pytest.mark.parametrize(
    "row",
    [
        {"title": "Оператор", "night_shifts": True, "languages": [("english", None, False)]},
        {"title": None, "area_name": "Казань", "part_time_hours": 4, "sector": "finance"},
        {"region": "Москва", "night_shifts": None, "languages": None, "experience": "noExperience"},
        {},
    ],
)
def test_one_row_and_the_frame_give_the_same_inputs(row):
    one = design_row(row)
    framed = design_frame([row]).iloc[0].to_dict()
    assert one.keys() == framed.keys()
    for name, value in one.items():
        assert value == framed[name] or (value != value and framed[name] != framed[name]), name


def test_ranges_are_calibrated_on_later_data_and_effects_have_the_generated_sign():
    frame, pay, published = market()
    report = evaluate(frame, pay, published, make_model=lambda: PayModel(max_iter=80))

    assert 0.72 <= report["model"]["coverage"] <= 0.88
    assert report["model"]["mae"] < report["baseline_global_median"]["mae"]
    split = time_split(published)
    model = PayModel(max_iter=80).fit(frame[split.train], pay[split.train])
    model.calibrate(frame[split.calibration], pay[split.calibration])
    row = frame.iloc[[0]].assign(english_level=4.0, english_required=1.0, night_shifts=1.0)
    effects = model.effects(row, {"english_level": 0.0, "night_shifts": 0.0})
    assert effects["english_level"] > 0 and effects["night_shifts"] > 0
    found = premiums(model, frame, pay)
    assert 0.1 < found["chat_support"]["english_b2"]["premium"] < 0.4
    low, high = found["chat_support"]["night_shifts"]["interval_90"]
    assert 0 < low <= high


def test_predictions_are_ordered():
    frame, pay, _ = market(600)
    predicted = PayModel(max_iter=30).fit(frame, pay).predict(frame)
    assert (predicted["p10"] <= predicted["p50"]).all()
    assert (predicted["p50"] <= predicted["p90"]).all()


def test_p50_learns_from_the_calibration_slice_and_the_interval_does_not():
    frame, pay, _ = market(1200)
    newest = np.arange(len(frame)) >= 600
    pay = np.where(newest, pay * 1.6, pay)  # the market moved up in the newest half
    model = PayModel(max_iter=60).fit(frame, pay, interval_rows=~newest)
    only_old = PayModel(max_iter=60).fit(frame[~newest], pay[~newest])

    ratio = model.predict(frame) / only_old.predict(frame)
    assert ratio["p50"].median() > 1.1  # P50 saw the rise
    assert 0.9 < ratio["p90"].median() < 1.1  # P90 did not: it is calibrated on those rows
    model.calibrate(frame[newest], pay[newest])
    predicted = model.predict(frame[newest])
    assert (predicted["p10"] <= predicted["p50"]).all()
    assert (predicted["p50"] <= predicted["p90"]).all()
    inside = (pay[newest] >= predicted["p10"]) & (pay[newest] <= predicted["p90"])
    assert inside.mean() >= 0.8


def test_each_quantile_fits_on_its_own_newest_rows_when_capped(monkeypatch):
    frame, pay, _ = market(600)
    seen = []
    fit = pay_model.HistGradientBoostingRegressor.fit

    def recording_fit(self, X, y):
        seen.append((self.quantile, sorted(np.round(np.exp(y)).astype(int))))
        return fit(self, X, y)

    monkeypatch.setattr(pay_model.HistGradientBoostingRegressor, "fit", recording_fit)
    interval_rows = np.arange(600) < 400  # the newest 200 calibrate
    PayModel(max_iter=5, max_rows=150).fit(frame, pay, interval_rows=interval_rows)

    newest = sorted(np.round(pay[-150:]).astype(int))
    newest_interval = sorted(np.round(pay[250:400]).astype(int))
    assert seen == [(0.1, newest_interval), (0.5, newest), (0.9, newest_interval)]


def test_a_batch_with_repeated_inputs_predicts_each_row_as_alone(monkeypatch):
    frame, pay, _ = market(600)
    model = PayModel(max_iter=30).fit(frame, pay)
    batch = pd.concat([frame] * 3, ignore_index=True)  # 1 800 rows, 600 distinct
    batch.loc[5, "night_shifts"] = np.nan  # a missing value is an input of its own
    predicted = model.predict(batch)
    monkeypatch.setattr(pay_model, "_DEDUPE_FROM", len(batch) + 1)  # every row on its own
    np.testing.assert_allclose(predicted.to_numpy(), model.predict(batch).to_numpy())
    np.testing.assert_allclose(predicted.iloc[[5]], model.predict(batch.iloc[[5]]))


def test_time_split_keeps_calibration_and_test_after_training():
    published = pd.Series([START + timedelta(days=i) for i in range(100)])
    split = time_split(published)
    assert published[split.train].max() < published[split.calibration].min()
    assert published[split.calibration].max() < published[split.test].min()
    assert (split.train.sum(), split.calibration.sum(), split.test.sum()) == (64, 16, 20)


def test_metrics_and_baselines_on_a_hand_computed_case():
    actual = np.array([100.0, 200.0, 300.0, 400.0])
    found = metrics(actual, actual - 50, actual + 10, actual + 50)
    assert found["mae"] == 10 and found["coverage"] == 1.0 and found["mean_width"] == 100
    assert found["mape"] == pytest.approx(np.mean([0.1, 0.05, 1 / 30, 0.025]))

    p10, p50, p90 = baseline_global(np.array([1.0, 2.0, 3.0]), 2)
    assert list(p50) == [2.0, 2.0]
    train = pd.DataFrame(
        {"role_family": ["a"] * 5 + ["b"], "sector": ["x"] * 6, "pay": [10, 20, 30, 40, 50, 1000]}
    )
    test = pd.DataFrame({"role_family": ["a", "b", None], "sector": ["x", "x", None]})
    _, medians, _ = baseline_cells(train, test)
    assert list(medians) == [30.0, 35.0, 35.0]  # cell b is too small: the global median


def test_artifacts_round_trip_and_refuse_other_library_versions(tmp_path):
    frame, pay, _ = market(400)
    model = PayModel(max_iter=20).fit(frame, pay)
    card = {"version": artifacts.new_version(label="test")}
    artifacts.save(model, card, tmp_path)

    loaded, loaded_card = artifacts.load(root=tmp_path)
    pd.testing.assert_frame_equal(loaded.predict(frame), model.predict(frame))
    assert loaded_card["libraries"]["scikit-learn"] == artifacts.library_versions()["scikit-learn"]

    card_file = tmp_path / card["version"] / artifacts.CARD_FILE
    stale = json.loads(card_file.read_text())
    stale["libraries"]["scikit-learn"] = "0.24.2"
    card_file.write_text(json.dumps(stale))
    with pytest.raises(artifacts.ModelArtifactError, match="scikit-learn 0.24.2.*payscope train"):
        artifacts.load(root=tmp_path)


def test_artifacts_refuse_a_model_that_reads_other_inputs(tmp_path):
    frame, pay, _ = market(400)
    card = {"version": artifacts.new_version(label="test")}
    artifacts.save(PayModel(max_iter=20).fit(frame, pay), card, tmp_path)
    card_file = tmp_path / card["version"] / artifacts.CARD_FILE
    older = json.loads(card_file.read_text())
    older["features"].remove("seniority")
    card_file.write_text(json.dumps(older))
    with pytest.raises(artifacts.ModelArtifactError, match="reads the inputs.*payscope train"):
        artifacts.load(root=tmp_path)


def test_no_model_yet_says_how_to_train(tmp_path):
    with pytest.raises(artifacts.ModelArtifactError, match="payscope train"):
        artifacts.load(root=tmp_path)


def test_calibration_by_decile_on_a_hand_computed_case_with_ties():
    from models.backtest import calibration_by_decile

    p50 = np.array([30.0, 10.0, 20.0, 20.0])
    actual = np.array([35.0, 12.0, 26.0, 18.0])
    p10, p90 = p50 - 5, p50 + np.array([5.0, 5.0, 5.0, 15.0])

    # Four rows give at most four groups; the two predictions of 20 share one.
    assert calibration_by_decile(actual, p10, p50, p90) == [
        {"decile": 1, "n": 1, "p50_from": 10.0, "p50_to": 10.0, "coverage": 1.0,
         "mean_width": 10.0},
        {"decile": 2, "n": 2, "p50_from": 20.0, "p50_to": 20.0, "coverage": 0.5,
         "mean_width": 15.0},
        {"decile": 3, "n": 1, "p50_from": 30.0, "p50_to": 30.0, "coverage": 1.0,
         "mean_width": 10.0},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "sizes"),
    [(0, []), (20, [2] * 10), (25, [3, 2] * 5), (7, [1] * 7)],
)
def test_calibration_by_decile_cuts_near_equal_groups_in_order(rows, sizes):
    from models.backtest import calibration_by_decile

    p50 = np.arange(rows, 0, -1, dtype=float) * 1000  # descending: the order must not matter
    found = calibration_by_decile(p50, p50 - 1, p50, p50 + 1)

    assert [d["n"] for d in found] == sizes
    assert [d["decile"] for d in found] == list(range(1, len(sizes) + 1))
    assert all(a["p50_to"] < b["p50_from"] for a, b in zip(found, found[1:], strict=False))
    assert all(d["coverage"] == 1.0 and d["mean_width"] == 2.0 for d in found)


def test_the_fast_category_step_matches_scikit_learns():
    from sklearn.ensemble import HistGradientBoostingRegressor

    from models.pay_model import _FastCategories

    rng = np.random.default_rng(3)
    X = np.column_stack(
        [rng.integers(0, 6, 500).astype(float), rng.normal(size=500), rng.integers(0, 3, 500)]
    )
    X[::17, 0] = np.nan
    y = X[:, 1] + np.nan_to_num(X[:, 0]) + X[:, 2]
    plain = HistGradientBoostingRegressor(max_iter=20, categorical_features=[0, 2]).fit(X, y)
    fast = HistGradientBoostingRegressor(max_iter=20, categorical_features=[0, 2]).fit(X, y)
    _FastCategories.install(fast)
    probe = np.array([[0, 0.5, 1], [5, -1, 2], [np.nan, 0, 0], [9, 0, 7], [2.5, 1, 1]])
    np.testing.assert_array_equal(fast.predict(probe), plain.predict(probe))
    np.testing.assert_array_equal(fast.predict(X), plain.predict(X))


def test_an_untested_scikit_learn_keeps_its_own_category_step_with_the_same_predictions(
    monkeypatch,
):
    frame, pay, _ = market(600)
    fast = PayModel(max_iter=30).fit(frame, pay)
    assert all(
        isinstance(m._preprocessor, pay_model._FastCategories) for m in fast.regressors.values()
    )
    monkeypatch.setattr(pay_model, "FAST_CATEGORIES_TESTED", ())
    plain = PayModel(max_iter=30).fit(frame, pay)
    assert not any(
        isinstance(m._preprocessor, pay_model._FastCategories) for m in plain.regressors.values()
    )
    pd.testing.assert_frame_equal(plain.predict(frame), fast.predict(frame))


def test_the_scikit_learn_version_is_read_as_its_minor():
    assert pay_model._sklearn_minor("1.9.1") == (1, 9)
    assert pay_model._sklearn_minor("1.10.dev0") == (1, 10)
    assert pay_model._sklearn_minor("nonsense") == (0, 0)


def test_a_column_constant_among_the_interval_rows_does_not_break_the_fit():
    # Seen on the real csv-exports: an input that varies only in the newest rows (which P50
    # learns from and P10/P90 do not) left the interval models a constant column.
    rng = np.random.default_rng(0)
    rows = 600
    titles = rng.choice(["Оператор чата", "Бухгалтер", "Водитель"], rows)
    frame = design_frame(pd.DataFrame({"title": titles, "region": "Москва"}))
    frame.loc[rows - 40 :, "part_time_hours"] = rng.choice([4.0, 6.0], 40)
    pay = rng.lognormal(11, 0.3, rows)

    model = PayModel().fit(frame, pay, interval_rows=np.arange(rows) < rows - 100)

    assert (model.predict(frame)["p90"] > 0).all()
