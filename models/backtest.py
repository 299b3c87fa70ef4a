"""Evaluation by time: fit before a cut-off, calibrate on the next slice, test after (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from models.pay_model import QUANTILES

# Share of the pre-cut-off vacancies (the latest ones) held back to calibrate the interval.
CALIBRATION_SHARE = 0.2
# A role × sector cell needs this many training vacancies for its own median baseline.
BASELINE_MIN_CELL = 5


@dataclass(frozen=True)
class TimeSplit:
    train: np.ndarray  # boolean masks over the rows
    calibration: np.ndarray
    test: np.ndarray
    calibration_from: datetime
    test_from: datetime


def time_split(published_at: pd.Series, test_from: datetime | None = None) -> TimeSplit:
    """Train < calibration_from ≤ calibration < test_from ≤ test, by publication time.

    Without `test_from`, the latest 20 % of vacancies are the test slice; the latest 20 % of
    the rest calibrate the interval.
    """
    moments = pd.to_datetime(published_at)
    if test_from is None:
        test_from = moments.quantile(1 - CALIBRATION_SHARE).to_pydatetime()
    before = moments < test_from
    calibration_from = moments[before].quantile(1 - CALIBRATION_SHARE).to_pydatetime()
    train = (moments < calibration_from).to_numpy()
    return TimeSplit(
        train=train,
        calibration=(before & (moments >= calibration_from)).to_numpy(),
        test=(~before).to_numpy(),
        calibration_from=calibration_from,
        test_from=test_from,
    )


def fit_split(published_at: pd.Series) -> TimeSplit:
    """For a model to use: everything but the latest slice trains, the latest slice calibrates."""
    moments = pd.to_datetime(published_at)
    calibration_from = moments.quantile(1 - CALIBRATION_SHARE).to_pydatetime()
    train = (moments < calibration_from).to_numpy()
    return TimeSplit(
        train=train,
        calibration=~train,
        test=np.zeros(len(moments), dtype=bool),
        calibration_from=calibration_from,
        test_from=moments.max().to_pydatetime(),
    )


def metrics(actual: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray) -> dict:
    """MAE and MAPE of P50, mean pinball loss over the three quantiles, coverage and width."""
    actual = np.asarray(actual, dtype=np.float64)
    predictions = {0.1: np.asarray(p10), 0.5: np.asarray(p50), 0.9: np.asarray(p90)}
    pinball = np.mean([_pinball(actual, predictions[q], q) for q in QUANTILES])
    return {
        "n": int(len(actual)),
        "mae": float(np.mean(np.abs(actual - predictions[0.5]))),
        "mape": float(np.mean(np.abs(actual - predictions[0.5]) / actual)),
        "pinball": float(pinball),
        "coverage": float(np.mean((actual >= predictions[0.1]) & (actual <= predictions[0.9]))),
        "mean_width": float(np.mean(predictions[0.9] - predictions[0.1])),
        "median_width": float(np.median(predictions[0.9] - predictions[0.1])),
    }


def coverage_by_group(
    actual: np.ndarray, p10: np.ndarray, p90: np.ndarray, groups: pd.Series
) -> list[dict]:
    """Coverage and width of P10–P90 for each value of `groups` (e.g. the source, or whether
    pay was in roubles), largest group first: group, n, coverage, mean_width, median_width."""
    actual, p10, p90 = (np.asarray(a, dtype=np.float64) for a in (actual, p10, p90))
    inside = (actual >= p10) & (actual <= p90)
    table = pd.DataFrame(
        {"group": np.asarray(groups, dtype=object), "inside": inside, "width": p90 - p10}
    )
    out = [
        {
            "group": str(name),
            "n": int(len(rows)),
            "coverage": float(rows["inside"].mean()),
            "mean_width": float(rows["width"].mean()),
            "median_width": float(rows["width"].median()),
        }
        for name, rows in table.groupby("group", sort=False)
    ]
    return sorted(out, key=lambda row: (-row["n"], row["group"]))


def currency_group(currencies: pd.Series) -> pd.Series:
    """'RUB' for pay stated in roubles (or with no currency, which sources read as roubles),
    'foreign' for pay the normaliser converted (KZT, UZS, USD, …): vacancies mostly from other
    countries, which a model of the Russian market knows less about."""
    codes = pd.Series(currencies, dtype=object).fillna("RUB").astype(str).str.upper()
    return codes.map(lambda code: "RUB" if code in ("RUB", "RUR") else "foreign")


def calibration_by_decile(
    actual: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray, bins: int = 10
) -> list[dict]:
    """Coverage and width of P10–P90 by decile of predicted P50: rows sorted by P50 are cut
    into `bins` groups of near-equal size (one per row when there are fewer rows); rows with
    equal P50 stay in one group, so ties can leave fewer groups. Returns, per group from the
    lowest P50 (numbered from 1): decile, n, p50_from, p50_to (RUB), coverage (share of actual
    pay inside P10–P90), mean_width (RUB)."""
    actual, p10, p50, p90 = (np.asarray(a, dtype=np.float64) for a in (actual, p10, p50, p90))
    rows = len(p50)
    if rows == 0:
        return []
    order = np.argsort(p50, kind="stable")
    ranked = p50[order]
    by_rank = np.arange(rows) * min(bins, rows) // rows
    # A tie takes the group of its first row, so equal predictions are never split.
    group = by_rank[np.searchsorted(ranked, ranked, side="left")]
    inside = ((actual >= p10) & (actual <= p90))[order]
    width = (p90 - p10)[order]
    out = []
    for number, value in enumerate(np.unique(group), start=1):
        members = group == value
        out.append(
            {
                "decile": number,
                "n": int(members.sum()),
                "p50_from": float(ranked[members].min()),
                "p50_to": float(ranked[members].max()),
                "coverage": float(inside[members].mean()),
                "mean_width": float(width[members].mean()),
            }
        )
    return out


def baseline_global(train_pay: np.ndarray, rows: int) -> tuple[np.ndarray, ...]:
    """Every vacancy gets the training P10/P50/P90."""
    p10, p50, p90 = np.quantile(train_pay, QUANTILES)
    return tuple(np.full(rows, value) for value in (p10, p50, p90))


def baseline_cells(train: pd.DataFrame, test: pd.DataFrame, keys=("role_family", "sector")):
    """Each vacancy gets the P10/P50/P90 of its role family × sector in training, or the
    global ones when the cell has fewer than BASELINE_MIN_CELL vacancies."""
    train_key, test_key = _cell(train, keys), _cell(test, keys)
    overall = np.quantile(train["pay"], QUANTILES)
    out = np.tile(overall, (len(test), 1))
    for cell, pay in train["pay"].groupby(train_key):
        if len(pay) >= BASELINE_MIN_CELL:
            out[(test_key == cell).to_numpy()] = np.quantile(pay, QUANTILES)
    return out[:, 0], out[:, 1], out[:, 2]


def _cell(frame: pd.DataFrame, keys) -> pd.Series:
    return frame[list(keys)].astype(object).fillna("∅").astype(str).agg("|".join, axis=1)


def _pinball(actual: np.ndarray, predicted: np.ndarray, quantile: float) -> float:
    diff = actual - predicted
    return float(np.mean(np.maximum(quantile * diff, (quantile - 1) * diff)))
