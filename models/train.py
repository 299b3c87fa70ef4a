"""Backtest, fit, explain and save the pay model (orchestration over the pure parts)."""

from __future__ import annotations

import time
from datetime import datetime

import numpy as np
import pandas as pd

from models import artifacts
from models.backtest import (
    baseline_cells,
    baseline_global,
    calibration_by_decile,
    fit_split,
    metrics,
    time_split,
)
from models.frame import FEATURES, design_frame
from models.pay_model import PayModel
from models.premiums import premiums


def prepare(rows: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Series]:
    """Training rows (models/dataset.py) → (design frame, pay, published_at)."""
    frame = design_frame(rows)
    return frame, rows["pay"].to_numpy(dtype=np.float64), rows["published_at"]


def evaluate(
    frame: pd.DataFrame,
    pay: np.ndarray,
    published: pd.Series,
    test_from: datetime | None = None,
    make_model=PayModel,
) -> dict:
    """Fit before the test slice (P10 and P90 up to the calibration slice, which then
    calibrates them; P50 on everything before the test slice) and score the test slice against
    the global-median and role × sector median baselines, which see the same rows as P50."""
    split = time_split(published, test_from)
    if split.train.sum() < 20 or split.calibration.sum() < 10 or split.test.sum() < 10:
        raise ValueError(
            f"too few vacancies to backtest: {split.train.sum()} train, "
            f"{split.calibration.sum()} calibration, {split.test.sum()} test"
        )
    before = split.train | split.calibration
    model = make_model().fit(frame[before], pay[before], interval_rows=split.train[before])
    model.calibrate(frame[split.calibration], pay[split.calibration])
    test = frame[split.test]
    predicted = model.predict(test)
    actual = pay[split.test]
    train_cells = frame.loc[before, ["role_family", "sector"]].assign(pay=pay[before])
    report = {
        "train_until": split.calibration_from.isoformat(),
        "calibration": [split.calibration_from.isoformat(), split.test_from.isoformat()],
        "test_from": split.test_from.isoformat(),
        "rows": {
            # P50 and P10/P90 after the model's row cap; the baselines use every row before.
            "before_test": int(before.sum()),
            "median": model.rows_fitted["median"],
            "train": model.rows_fitted["interval"],
            "calibration": int(split.calibration.sum()),
            "test": int(split.test.sum()),
        },
        "model": metrics(actual, predicted["p10"], predicted["p50"], predicted["p90"]),
        "baseline_global_median": metrics(actual, *baseline_global(pay[before], len(actual))),
        "baseline_role_sector_median": metrics(
            actual, *baseline_cells(train_cells, test[["role_family", "sector"]])
        ),
    }
    baseline = report["baseline_role_sector_median"]["mae"]
    report["mae_vs_role_sector"] = report["model"]["mae"] / baseline - 1 if baseline else None
    report["calibration_by_decile"] = calibration_by_decile(
        actual, predicted["p10"], predicted["p50"], predicted["p90"]
    )
    return report


def fit(frame: pd.DataFrame, pay: np.ndarray, published: pd.Series) -> tuple[PayModel, dict]:
    """The model to use: P50 fitted on all rows; P10 and P90 on all but the latest slice, which
    calibrates them."""
    split = fit_split(published)
    model = PayModel().fit(frame, pay, interval_rows=split.train)
    model.calibrate(frame[split.calibration], pay[split.calibration])
    window = {
        "published_from": pd.to_datetime(published).min().isoformat(),
        "fitted_until": split.calibration_from.isoformat(),
        "published_until": pd.to_datetime(published).max().isoformat(),
        "rows": len(frame),  # vacancies with pay in the window
        "rows_median": model.rows_fitted["median"],
        "rows_fitted": model.rows_fitted["interval"],  # P10 and P90
        "rows_calibration": int(split.calibration.sum()),
    }
    return model, window


def train_and_save(
    rows: pd.DataFrame, synthetic: bool, until: datetime | None, root=None, backtest: bool = True
) -> dict:
    """Backtest, fit, explain and save; returns the model card."""
    started = time.perf_counter()
    frame, pay, published = prepare(rows)
    card: dict = {
        "version": artifacts.new_version(label="demo" if synthetic else "real"),
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "data": "synthetic demo" if synthetic else "real",
        "until": until.isoformat() if until else None,
        "features": list(FEATURES),
        "target": "monthly gross RUB (pay_mid_rub), modelled as log pay",
        "quantiles": [0.1, 0.5, 0.9],
    }
    if backtest:
        card["backtest"] = evaluate(frame, pay, published)
    model, card["window"] = fit(frame, pay, published)
    card["conformal_offset_log"] = model.conformal_offset
    card["premiums"] = premiums(model, frame, pay)
    card["train_seconds"] = round(time.perf_counter() - started, 1)
    artifacts.save(model, card, root)
    return card

