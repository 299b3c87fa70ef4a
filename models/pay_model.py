"""Pay ranges: quantile gradient boosting on log pay, conformally calibrated on later data.

Three HistGradientBoostingRegressor models (P10, P50, P90) share one ColumnTransformer over
the design frame (models/frame.py): categories encoded natively, numbers as they are, and the
title's words as a few latent dimensions (TF-IDF → truncated SVD). The P10–P90 interval is then
widened or narrowed by conformalized quantile regression (Romano et al., 2019) on a slice of
vacancies published after the data P10 and P90 learnt from, so that the stated coverage holds
on later data. P50 needs no held-out slice, so it also learns from that newest slice: pay drifts,
and the newest vacancies say most about the next ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer

from models.frame import CATEGORICAL, FEATURES, NUMERIC, TEXT

QUANTILES = (0.1, 0.5, 0.9)
COVERAGE = 0.8  # P10–P90
_TITLE_DIMENSIONS = 16
_DEDUPE_FROM = 1000  # rows; below it hashing costs more than it saves


@dataclass
class PayModel:
    """Fitted pipeline: `predict` gives P10/P50/P90 of monthly gross RUB."""

    # A fast learning rate with early stopping: as accurate here as 0.08 × 300 trees, with half
    # the trees, which is what batch prediction spends its time on.
    max_iter: int = 150
    learning_rate: float = 0.15
    # Quantile boosting recomputes leaf values from the residuals after every tree, which grows
    # with the rows; beyond this many the newest rows are enough and the fit stays within minutes.
    max_rows: int = 200_000
    random_state: int = 0
    preprocess: ColumnTransformer | None = None
    regressors: dict[float, HistGradientBoostingRegressor] = field(default_factory=dict)
    conformal_offset: float = 0.0  # added to log P90, subtracted from log P10
    calibration_rows: int = 0
    reference: dict[str, object] = field(default_factory=dict)  # commonest value per input
    columns: list[int] = field(default_factory=list)  # encoded columns the trees use
    rows_fitted: dict[str, int] = field(default_factory=dict)  # after the cap: median, interval

    def fit(
        self, frame: pd.DataFrame, pay_rub: np.ndarray, interval_rows: np.ndarray | None = None
    ) -> PayModel:
        """Fit on vacancies (design frame, in publication order) and their monthly gross pay in
        RUB. P10 and P90 learn only from `interval_rows` (a boolean mask; default all), so that
        the rows left out can calibrate them. Each model uses at most its newest `max_rows`."""
        interval = np.ones(len(frame), dtype=bool)
        if interval_rows is not None:
            interval = np.asarray(interval_rows, dtype=bool)
        # The newest `max_rows` for P50, and the newest `max_rows` of the interval rows for P10
        # and P90 (the calibration slice alone can outnumber `max_rows`).
        median_rows = np.zeros(len(frame), dtype=bool)
        median_rows[-self.max_rows :] = True
        keep = median_rows.copy()
        keep[np.flatnonzero(interval)[-self.max_rows :]] = True
        frame, pay_rub = frame[keep], np.asarray(pay_rub)[keep]
        interval, median_rows = interval[keep], median_rows[keep]
        self.rows_fitted = {"median": int(median_rows.sum()), "interval": int(interval.sum())}
        target = np.log(np.asarray(pay_rub, dtype=np.float64))
        self.preprocess = _preprocessor(len(frame))
        encoded = self.preprocess.fit_transform(frame[list(FEATURES)])
        # Columns with fewer than two distinct values teach nothing (and trip the binner).
        self.columns = [i for i in range(encoded.shape[1]) if _varies(encoded[:, i])]
        encoded = encoded[:, self.columns]
        categorical = [n for n, i in enumerate(self.columns) if i < len(CATEGORICAL)]
        for quantile in QUANTILES:
            rows = median_rows if quantile == 0.5 else interval
            model = HistGradientBoostingRegressor(
                loss="quantile",
                quantile=quantile,
                max_iter=self.max_iter,
                learning_rate=self.learning_rate,
                max_leaf_nodes=31,
                min_samples_leaf=20,
                categorical_features=categorical,
                early_stopping=len(frame) >= 2000,
                validation_fraction=0.1,
                n_iter_no_change=15,
                random_state=self.random_state,
            )
            model.fit(encoded[rows], target[rows])
            _FastCategories.install(model)
            self.regressors[quantile] = model
        self.reference = {
            name: (frame[name].mode(dropna=True).iloc[0] if frame[name].notna().any() else None)
            for name in (*CATEGORICAL, *NUMERIC)
        }
        return self

    def calibrate(self, frame: pd.DataFrame, pay_rub: np.ndarray) -> PayModel:
        """Conformalize the P10–P90 interval on vacancies later than those P10 and P90 learnt
        from (split conformal, CQR)."""
        target = np.log(np.asarray(pay_rub, dtype=np.float64))
        low, _, high = self._log_quantiles(frame)
        scores = np.maximum(low - target, target - high)
        n = len(scores)
        if n == 0:
            return self
        rank = min(math.ceil((n + 1) * COVERAGE), n)
        self.conformal_offset = float(np.sort(scores)[rank - 1])
        self.calibration_rows = n
        return self

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        """P10, P50, P90 of monthly gross RUB, one row per input row (P10 ≤ P50 ≤ P90)."""
        distinct, codes = _distinct_rows(frame[list(FEATURES)])
        low, mid, high = self._log_quantiles(distinct)
        low, high = low - self.conformal_offset, high + self.conformal_offset
        low, high = np.minimum(low, high), np.maximum(low, high)
        # P50 learns from more rows than the interval, so it may fall outside it: the calibrated
        # interval is what coverage is measured on, so P50 moves, not the interval.
        stacked = np.exp(np.column_stack([low, np.clip(mid, low, high), high]))
        if codes is not None:
            stacked = stacked[codes]
        return pd.DataFrame(stacked, columns=["p10", "p50", "p90"], index=frame.index)

    def effects(self, row: pd.DataFrame, changes: dict[str, object]) -> dict[str, float]:
        """Change in P50 (RUB) caused by each input alone: P50(row) − P50(row with that input
        set to the value in `changes`, e.g. english_level 0 = no English)."""
        variants = [row]
        for name, value in changes.items():
            variant = row.copy()
            variant[name] = value
            variants.append(variant)
        p50 = self.predict(pd.concat(variants, ignore_index=True))["p50"].to_numpy()
        return {name: float(p50[0] - p50[i]) for i, name in enumerate(changes, start=1)}

    def _encode(self, frame: pd.DataFrame) -> np.ndarray:
        # The fitted parts applied directly: ColumnTransformer's own checks cost more than the
        # work itself for the single offers the CLI and the app predict.
        parts = self.preprocess.named_transformers_
        encoded = np.hstack(
            [
                parts["categories"].transform(frame[list(CATEGORICAL)]),
                frame[list(NUMERIC)].to_numpy(dtype=np.float64),
                parts["title"].transform(frame[TEXT]),
            ]
        )
        return encoded[:, self.columns]

    def _log_quantiles(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.preprocess is None:
            raise ValueError("the model is not fitted")
        encoded = self._encode(frame)
        low, mid, high = (self.regressors[q].predict(encoded) for q in QUANTILES)
        return low, mid, high


def _distinct_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray | None]:
    """(each distinct row once, the position of every row among them); None = all distinct.

    Batches repeat the same inputs a lot (one job posted in many cities, the same title and
    terms); identical inputs get identical predictions, so the trees see each once.
    """
    if len(frame) < _DEDUPE_FROM:
        return frame, None
    codes, first = pd.factorize(pd.util.hash_pandas_object(frame, index=False).to_numpy())
    if len(first) > 0.9 * len(frame):
        return frame, None
    positions = np.full(len(first), -1, dtype=np.int64)
    positions[codes[::-1]] = np.arange(len(frame) - 1, -1, -1)  # first row of each code
    return frame.iloc[positions], codes


class _FastCategories:
    """What HistGradientBoostingRegressor's own input step does for categorical columns (an
    OrdinalEncoder in a ColumnTransformer: known value → its index among the sorted categories,
    unknown or missing → NaN, categorical columns first), in a few NumPy calls. The
    ColumnTransformer's checks cost ~10 ms a call, a third of a single offer's prediction.
    `tests/test_model.py` checks that both give the same numbers."""

    def __init__(self, categorical: np.ndarray, categories: list[np.ndarray]):
        self.categorical = np.flatnonzero(categorical)
        self.numerical = np.flatnonzero(~categorical)
        self.categories = [c[~np.isnan(c)] for c in categories]

    @classmethod
    def install(cls, model: HistGradientBoostingRegressor) -> None:
        if model.is_categorical_ is None:
            return
        encoder = model._preprocessor.named_transformers_["encoder"]
        model._preprocessor = cls(np.asarray(model.is_categorical_), encoder.categories_)

    def transform(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        out = np.empty(X.shape, dtype=np.float64)
        for j, (column, known) in enumerate(zip(self.categorical, self.categories, strict=True)):
            values = X[:, column]
            at = np.minimum(np.searchsorted(known, values), max(len(known) - 1, 0))
            found = known[at] == values if len(known) else np.zeros(len(values), dtype=bool)
            out[:, j] = np.where(found, at, np.nan)
        out[:, len(self.categorical) :] = X[:, self.numerical]
        return out


def _varies(column: np.ndarray) -> bool:
    values = column[~np.isnan(column)]
    return values.size > 0 and bool((values != values[0]).any())


class TitleDimensions(TransformerMixin, BaseEstimator):
    """Title words → TF-IDF → `dimensions` latent columns (fewer when the vocabulary is small)."""

    def __init__(self, dimensions: int = _TITLE_DIMENSIONS, min_df: int = 5):
        self.dimensions = dimensions
        self.min_df = min_df

    def fit(self, titles, y=None):
        self.words_ = TfidfVectorizer(
            lowercase=True,
            token_pattern=r"(?u)\b\w\w+\b",
            min_df=self.min_df,
            max_features=20000,
            sublinear_tf=True,
            dtype=np.float32,
        )
        try:
            counts = self.words_.fit_transform(titles)
        except ValueError:  # no word occurs often enough: no title dimensions at all
            self.words_ = None
            return self
        size = min(self.dimensions, counts.shape[1] - 1)
        self.svd_ = TruncatedSVD(n_components=size, random_state=0).fit(counts) if size else None
        return self

    def transform(self, titles):
        # Titles repeat a lot: reduce each distinct title once.
        codes, distinct = pd.factorize(pd.Series(titles, dtype=object))
        out = np.zeros((len(distinct), self.dimensions), dtype=np.float32)
        if self.words_ is not None and self.svd_ is not None and len(distinct):
            reduced = self.svd_.transform(self.words_.transform(distinct))
            out[:, : reduced.shape[1]] = reduced
        return out[codes]

    def get_feature_names_out(self, input_features=None):
        return np.array([f"title_{i}" for i in range(self.dimensions)], dtype=object)


class CategoryCodes(TransformerMixin, BaseEstimator):
    """Each column's values as codes 0…k-1 for its k-1 commonest values (seen at least
    `min_frequency` times) and k for any other value; missing → NaN. Vectorised with pandas
    index lookups (sklearn's OrdinalEncoder walks object arrays in Python)."""

    def __init__(self, min_frequency: int = 5, max_categories: int = 200):
        self.min_frequency = min_frequency
        self.max_categories = max_categories

    def fit(self, frame: pd.DataFrame, y=None):
        self.columns_ = list(frame.columns)
        self.categories_ = []
        for name in self.columns_:
            counts = frame[name].value_counts(dropna=True)
            kept = counts[counts >= self.min_frequency].index[: self.max_categories - 1]
            self.categories_.append(pd.Index(kept))
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        out = np.empty((len(frame), len(self.columns_)), dtype=np.float64)
        for i, (name, kept) in enumerate(zip(self.columns_, self.categories_, strict=True)):
            values = frame[name]
            codes = kept.get_indexer(values).astype(np.float64)
            codes[codes < 0] = len(kept)  # a value outside the kept ones
            codes[values.isna().to_numpy()] = np.nan
            out[:, i] = codes
        return out

    def get_feature_names_out(self, input_features=None):
        return np.array(self.columns_, dtype=object)


def _preprocessor(rows: int) -> ColumnTransformer:
    """Categories as codes (infrequent ones grouped; missing and unseen → NaN), numbers as they
    are, title words → TF-IDF → a few SVD dimensions (dense, which the boosting trees need)."""
    categories = CategoryCodes(min_frequency=max(5, rows // 2000), max_categories=200)
    return ColumnTransformer(
        [
            ("categories", categories, list(CATEGORICAL)),
            ("numbers", "passthrough", list(NUMERIC)),
            ("title", TitleDimensions(min_df=min(5, max(1, rows // 50))), TEXT),
        ],
        sparse_threshold=0.0,
    )
