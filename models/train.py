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
    coverage_by_group,
    currency_group,
    fit_split,
    metrics,
    time_split,
)
from models.frame import FEATURES, design_frame
from models.pay_model import PayModel
from models.premiums import premiums
from models.threads import bounded_threads


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
    groups: pd.DataFrame | None = None,
) -> dict:
    """Fit before the test slice (P10 and P90 up to the calibration slice, which then
    calibrates them; P50 on everything before the test slice) and score the test slice against
    the global-median and role × sector median baselines, which see the same rows as P50.
    `groups` (columns `source`, `currency`; one row per vacancy) adds coverage by source and
    for roubles against converted foreign pay."""
    with bounded_threads():
        return _evaluate(frame, pay, published, test_from, make_model, groups)


def _evaluate(frame, pay, published, test_from, make_model, groups) -> dict:
    split = time_split(published, test_from)
    if split.train.sum() < 20 or split.calibration.sum() < 10 or split.test.sum() < 10:
        raise ValueError(
            f"too few vacancies to backtest: {split.train.sum()} train, "
            f"{split.calibration.sum()} calibration, {split.test.sum()} test"
        )
    before = split.train | split.calibration
    published = pd.Series(pd.to_datetime(published).to_numpy())
    model = make_model().fit(
        frame[before], pay[before], interval_rows=split.train[before], published=published[before]
    )
    sources = _sources(groups, len(frame))
    model.calibrate(
        frame[split.calibration],
        pay[split.calibration],
        published[split.calibration],
        None if sources is None else sources[split.calibration],
    )
    test = frame[split.test]
    predicted = model.predict(
        test, published[split.test], None if sources is None else sources[split.test]
    )
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
    report["calibration"] = _calibration_card(model)
    report["coverage_by_role_family"] = coverage_by_group(
        actual, predicted["p10"], predicted["p90"], test["role_family"].astype(object).fillna("∅")
    )
    if groups is not None:
        test_groups = groups.reset_index(drop=True)[split.test]
        for key, values in (
            ("source", test_groups["source"]),
            ("currency", currency_group(test_groups["currency"])),
        ):
            report[f"coverage_by_{key}"] = coverage_by_group(
                actual, predicted["p10"], predicted["p90"], values
            )
        # Conformal coverage is promised for vacancies like the calibration slice; test rows
        # from a source the model never saw are other people's searches, said so.
        seen = set(groups.reset_index(drop=True)["source"][split.calibration])
        report["rows"]["test_unseen_source"] = int((~test_groups["source"].isin(seen)).sum())
    return report


def _sources(groups: pd.DataFrame | None, rows: int) -> np.ndarray | None:
    """Each row's source (the Mondrian conformal groups), or None when not given."""
    if groups is None or "source" not in groups or len(groups) != rows:
        return None
    return groups["source"].astype(object).fillna("∅").astype(str).to_numpy()


def _calibration_card(model: PayModel) -> dict:
    """How the interval was calibrated (models/conformal.py), for the card and the report."""
    return {
        "method": (
            "split CQR on the latest slice, after drift, scores weighted by recency "
            "(e-folding 1 year), Mondrian by source (shrunk to the pooled offset, never below "
            "it); drift uncertainty widens ahead"
        ),
        "offset_log": model.offsets.high,
        "rows": model.offsets.n,
        "offset_by_source": [
            {"source": name, "offset_log": offset, "rows": n}
            for name, offset, n in getattr(model.offsets, "groups", ())
        ],
        "drift_per_year_log": model.drift,
        "drift_se_log": model.drift_se,
        "reference_time": model.reference_time,
    }


def fit(
    frame: pd.DataFrame, pay: np.ndarray, published: pd.Series, groups: pd.DataFrame | None = None
) -> tuple[PayModel, dict]:
    """The model to use: P50 fitted on all rows; P10 and P90 on all but the latest slice, which
    calibrates them (per source too, with `groups`' column `source`)."""
    split = fit_split(published)
    published = pd.Series(pd.to_datetime(published).to_numpy())
    model = PayModel().fit(frame, pay, interval_rows=split.train, published=published)
    sources = _sources(groups, len(frame))
    model.calibrate(
        frame[split.calibration],
        pay[split.calibration],
        published[split.calibration],
        None if sources is None else sources[split.calibration],
    )
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
    rows: pd.DataFrame,
    synthetic: bool,
    until: datetime | None,
    root=None,
    backtest: bool = True,
    trained_on: dict | None = None,
) -> dict:
    """Backtest, fit, explain and save; returns the model card. `trained_on` records the data
    (models/provenance.trained_on): a model answers only the warehouse it names."""
    started = time.perf_counter()
    frame, pay, published = prepare(rows)
    card: dict = {
        "version": artifacts.new_version(label="demo" if synthetic else "real"),
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "data": "synthetic demo" if synthetic else "real",
        "trained_on": trained_on,
        "until": until.isoformat() if until else None,
        "features": list(FEATURES),
        "target": "monthly gross RUB (pay_mid_rub), modelled as log pay",
        "quantiles": [0.1, 0.5, 0.9],
        "window": {},
    }
    groups = rows.reindex(columns=["source", "currency"])
    card["window"]["foreign_currency_rows"] = int(
        (currency_group(groups["currency"]) == "foreign").sum()
    )
    if backtest:
        card["backtest"] = evaluate(frame, pay, published, groups=groups)
    model, window = fit(frame, pay, published, groups)
    card["window"].update(window)
    card["calibration"] = _calibration_card(model)
    card["conformal_offset_log"] = model.offsets.high  # read by cards' older readers
    with bounded_threads():
        card["premiums"] = premiums(model, frame, pay)
    card["train_seconds"] = round(time.perf_counter() - started, 1)
    artifacts.save(model, card, root)
    return card

