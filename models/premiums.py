"""What the pay model learnt English and night shifts are worth per role family, with an
interval that carries the model's own uncertainty (refits on bootstrap samples).

The premium of a trait is the mean relative change of P50 over a family's vacancies when only
that input changes (English B2 required vs no English; night vs day shifts). Its interval comes
from refitting P50 on bootstrap samples of the training rows (at most `refit_rows` rows a
refit: an m-out-of-n bootstrap whose spread is scaled back to n by √(m/n)) and is never
narrower than the standard error of a covariate-adjusted comparison of the family's vacancies
with and without the trait (the spread of log pay around the model's P50 × √(1/n_with +
1/n_without)): a handful of refits cannot make a model surer than its data. A family with no
vacancy on one side of a trait has no premium at all ("no_data"); fewer than MIN_SIDE on a side:
"few". docs/model.md, section Premiums, says the same for readers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.base import clone

from models.frame import FEATURES

# Premiums are averaged over at most this many vacancies of a role family.
PREMIUM_SAMPLE = 400
PREMIUM_MIN_ROWS = 30
# Refits of P50 on bootstrap samples of at most REFIT_ROWS training rows: about 1 s each on the
# demo (2 cores), a few seconds of training in all.
REFITS = 8
REFIT_ROWS = 5_000
SPREAD_ROWS = 5_000  # a family's rows the spread of pay around P50 is measured on, at most
MIN_SIDE = 5  # vacancies on each side of a trait; below it the model has nothing to learn from
LEVEL = 0.9
# The narrowest half-interval in log pay (±0.5 %): identical pay everywhere is no certainty.
MIN_HALF_WIDTH = 0.005

# Trait → (inputs with it, inputs without it, which rows have it / lack it in the data).
TRAITS = {
    "english_b2": (
        {"english_level": 4.0, "english_required": 1.0},
        {"english_level": 0.0, "english_required": 0.0},
        lambda f: _sides(f["english_level"] > 0, f["english_level"].isna()),
    ),
    "night_shifts": (
        {"night_shifts": 1.0},
        {"night_shifts": 0.0},
        lambda f: _sides(f["night_shifts"] == 1, f["night_shifts"].isna()),
    ),
}


def premiums(
    model,
    frame: pd.DataFrame,
    pay: np.ndarray,
    seed: int = 0,
    refits: int = REFITS,
    refit_rows: int = REFIT_ROWS,
) -> dict:
    """{role family: {"n", trait: {"premium", "interval_90", "n_with", "n_without", "reason"}}}
    for families with at least PREMIUM_MIN_ROWS training vacancies. `model`: a fitted PayModel;
    `frame`, `pay`: its training rows (design frame, monthly gross RUB). "premium" 0.25 = +25 %;
    when "reason" is "no_data" or "few" there is no premium and no interval (None)."""
    pay = np.asarray(pay, dtype=np.float64)
    encode = _encoder(model)
    median = model.regressors[0.5]
    rng = np.random.default_rng(seed)
    cases = []  # (family, trait, with-rows encoded, without-rows encoded, n_with, n_without, s)
    out: dict = {}
    for family, rows in frame.groupby("role_family", dropna=True, sort=True):
        if len(rows) < PREMIUM_MIN_ROWS:
            continue
        sample = rows.sample(min(len(rows), PREMIUM_SAMPLE), random_state=seed)
        spread = _residual_spread(median, encode, rows, pay[frame.index.get_indexer(rows.index)])
        out[family] = {"n": int(len(rows))}
        for trait, (with_, without, sides) in TRAITS.items():
            has, lacks = sides(rows)
            n_with, n_without = int(has.sum()), int(lacks.sum())
            reason = (
                "no_data" if min(n_with, n_without) == 0
                else "few" if min(n_with, n_without) < MIN_SIDE
                else None
            )  # fmt: skip
            out[family][trait] = {
                "premium": None, "interval_90": None, "n_with": n_with, "n_without": n_without,
                "reason": reason,
            }  # fmt: skip
            if reason is None:
                up, down = encode(sample.assign(**with_)), encode(sample.assign(**without))
                cases.append((family, trait, up, down, n_with, n_without, spread))
    if not cases:
        return out
    points = _premium_logs(median, cases)
    boots = _refit_premiums(median, encode, frame, np.log(pay), cases, rng, refits, refit_rows)
    z = norm.ppf(0.5 + LEVEL / 2)
    for (family, trait, _, _, n_with, n_without, spread), point, spread_refits in zip(
        cases, points, boots, strict=True
    ):
        half = z * max(spread_refits, spread * np.sqrt(1 / n_with + 1 / n_without))
        half = max(half, MIN_HALF_WIDTH)
        out[family][trait].update(
            premium=float(np.expm1(point)),
            interval_90=[float(np.expm1(point - half)), float(np.expm1(point + half))],
        )
    return out


def _refit_premiums(
    median, encode, frame, target, cases, rng, refits: int, refit_rows: int
) -> list:
    """Per case, the bootstrap standard deviation of its log premium over `refits` P50 refits
    on `refit_rows`-row bootstrap samples, scaled from m to n rows; 0 with fewer than 2."""
    if refits < 2:
        return [0.0] * len(cases)
    n = len(target)
    m = min(n, refit_rows)
    found = np.empty((refits, len(cases)))
    for b in range(refits):
        rows = rng.integers(0, n, m)
        refit, keep = _refit(median, encode(frame.iloc[rows]), target[rows])
        found[b] = _premium_logs(refit, cases, keep)
    return list(found.std(axis=0, ddof=1) * np.sqrt(m / n))


def _refit(median, encoded: np.ndarray, target: np.ndarray):
    """P50 refitted on a sample, without the columns that do not vary in it (the binner refuses
    them); returns the regressor and the columns it reads."""
    keep = [j for j in range(encoded.shape[1]) if _varies(encoded[:, j])]
    categorical = median.get_params()["categorical_features"]
    if categorical is not None and not isinstance(categorical, str):
        categorical = [keep.index(j) for j in categorical if j in keep] or None
    refit = clone(median).set_params(categorical_features=categorical)
    return refit.fit(encoded[:, keep], target), keep


def _varies(column: np.ndarray) -> bool:
    values = column[~np.isnan(column)]
    return values.size > 0 and bool((values != values[0]).any())


def _premium_logs(regressor, cases, keep: list[int] | None = None) -> list[float]:
    """Per case, log(1 + mean relative change of P50) from its encoded rows with and without
    the trait (columns `keep` only, when given); one predict call for all of them."""
    parts = [side for _, _, up, down, *_ in cases for side in (up, down)]
    stacked = np.vstack(parts)
    predicted = regressor.predict(stacked if keep is None else stacked[:, keep])
    bounds = np.cumsum([0] + [len(part) for part in parts])
    logs = []
    for i in range(len(cases)):
        up = predicted[bounds[2 * i] : bounds[2 * i + 1]]
        down = predicted[bounds[2 * i + 1] : bounds[2 * i + 2]]
        logs.append(float(np.log(np.exp(up - down).mean())))
    return logs


def _encoder(model):
    """Rows → the columns P50 reads (each quantile model reads its own subset of the encoded
    columns: those that vary among its rows)."""
    columns = list(FEATURES)
    median_columns = getattr(model, "model_columns", {}).get(0.5)

    def encode(frame: pd.DataFrame) -> np.ndarray:
        encoded = model.preprocess.transform(frame[columns])[:, model.columns]
        return encoded if median_columns is None else encoded[:, median_columns]

    return encode


def _sides(has: pd.Series, unknown: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    has = has.fillna(False).to_numpy(dtype=bool)
    unknown = unknown.to_numpy(dtype=bool)
    return has & ~unknown, ~has & ~unknown


def _residual_spread(median, encode, rows: pd.DataFrame, pay: np.ndarray) -> float:
    """The robust spread of log pay around P50 over (at most SPREAD_ROWS of) a family's rows."""
    if len(rows) > SPREAD_ROWS:
        picked = np.random.default_rng(0).choice(len(rows), SPREAD_ROWS, replace=False)
        rows, pay = rows.iloc[picked], pay[picked]
    return _robust_sd(np.log(pay) - median.predict(encode(rows)))


def _robust_sd(values: np.ndarray) -> float:
    """1.4826 × the median absolute deviation: the sd of normal data, robust to a few outliers."""
    values = values[np.isfinite(values)]
    if len(values) < 2:
        return 0.0
    return float(1.4826 * np.median(np.abs(values - np.median(values))))
