"""Pay ranges: quantile gradient boosting on log pay, conformally calibrated on later data.

Three HistGradientBoostingRegressor models (P10, P50, P90) share one ColumnTransformer over
the design frame (models/frame.py, models/encoding.py): categories encoded natively, numbers as
they are, and the title's words as a few latent dimensions (TF-IDF → truncated SVD). Pay is
first brought to the end of the data window by the drift the data show (models/conformal.py),
so old vacancies teach today's level. The P10–P90 interval is then moved, each end on its own
and in units of the row's own width, by conformalized quantile regression on a slice of
vacancies published after the data P10 and P90 learnt from, so that the stated coverage holds
on later data. P50 needs no held-out slice, so it also learns from that newest slice: pay
drifts, and the newest vacancies say most about the next ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor

from models import conformal
from models.encoding import CategoryCodes, TitleDimensions, preprocessor  # noqa: F401 (pickles)
from models.frame import CATEGORICAL, FEATURES, NUMERIC, TEXT
from models.threads import bounded_threads

QUANTILES = (0.1, 0.5, 0.9)
COVERAGE = conformal.COVERAGE  # P10–P90
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
    offsets: conformal.Offsets = field(default_factory=conformal.Offsets)
    drift: float = 0.0  # log pay per year (models/conformal.py)
    drift_se: float = 0.0
    reference_time: str | None = None  # end of the window the targets were brought to
    reference: dict[str, object] = field(default_factory=dict)  # commonest value per input
    columns: list[int] = field(default_factory=list)  # encoded columns the trees use
    model_columns: dict[float, list[int]] = field(default_factory=dict)  # of those, per quantile
    rows_fitted: dict[str, int] = field(default_factory=dict)  # after the cap: median, interval

    @property
    def calibration_rows(self) -> int:
        return self._offsets().n

    def fit(
        self,
        frame: pd.DataFrame,
        pay_rub: np.ndarray,
        interval_rows: np.ndarray | None = None,
        published=None,
    ) -> PayModel:
        """Fit on vacancies (design frame, in publication order) and their monthly gross pay in
        RUB. P10 and P90 learn only from `interval_rows` (a boolean mask; default all), so that
        the rows left out can calibrate them. Each model uses at most its newest `max_rows`.
        With `published` (each row's publication time), pay is brought to the window's end by
        the drift the data show before fitting; without it, pay is taken as it is."""
        with bounded_threads():
            return self._fit(frame, pay_rub, interval_rows, published)

    def _fit(self, frame, pay_rub, interval_rows, published) -> PayModel:
        interval = np.ones(len(frame), dtype=bool)
        if interval_rows is not None:
            interval = np.asarray(interval_rows, dtype=bool)
        # The newest `max_rows` for P50, and the newest `max_rows` of the interval rows for P10
        # and P90 (the calibration slice alone can outnumber `max_rows`).
        median_rows = np.zeros(len(frame), dtype=bool)
        median_rows[-self.max_rows :] = True
        keep = median_rows.copy()
        keep[np.flatnonzero(interval)[-self.max_rows :]] = True
        target = np.log(np.asarray(pay_rub, dtype=np.float64))
        if published is not None:
            moments = pd.to_datetime(pd.Series(published)).to_numpy()
            self.reference_time = str(np.datetime_as_string(moments.max(), unit="s"))
            age = conformal.years(moments, self.reference_time)
            self.drift, self.drift_se = conformal.drift_per_year(target, age, _title_cells(frame))
            target = target - self.drift * conformal.horizon(age)
        frame, target = frame[keep], target[keep]
        interval, median_rows = interval[keep], median_rows[keep]
        self.rows_fitted = {"median": int(median_rows.sum()), "interval": int(interval.sum())}
        self.preprocess = preprocessor(len(frame))
        encoded = self.preprocess.fit_transform(frame[list(FEATURES)])
        # Columns with fewer than two distinct values teach nothing (and trip the binner), and
        # each model has its own rows: an input may vary only in the newest rows, which P50
        # learns from and P10/P90 do not. The encoded columns are those any model uses.
        rows_of = {q: median_rows if q == 0.5 else interval for q in QUANTILES}
        used = {
            q: [i for i in range(encoded.shape[1]) if _varies(encoded[rows, i])]
            for q, rows in rows_of.items()
        }
        self.columns = sorted(set().union(*used.values()))
        encoded = encoded[:, self.columns]
        self.model_columns = {q: [self.columns.index(i) for i in used[q]] for q in QUANTILES}
        for quantile in QUANTILES:
            rows, columns = rows_of[quantile], self.model_columns[quantile]
            categorical = [n for n, i in enumerate(used[quantile]) if i < len(CATEGORICAL)]
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
            model.fit(encoded[np.ix_(rows, columns)], target[rows])
            _FastCategories.install(model)
            self.regressors[quantile] = model
        self.reference = {
            name: (frame[name].mode(dropna=True).iloc[0] if frame[name].notna().any() else None)
            for name in (*CATEGORICAL, *NUMERIC)
        }
        return self

    def calibrate(
        self, frame: pd.DataFrame, pay_rub: np.ndarray, published=None, groups=None
    ) -> PayModel:
        """Conformalize the P10–P90 interval on vacancies later than those P10 and P90 learnt
        from (split CQR after the drift, scores weighted by recency: models/conformal.py); with
        `groups` (each row's source), also a Mondrian offset per source."""
        target = np.log(np.asarray(pay_rub, dtype=np.float64))
        age = self._age(published, len(target))
        target = target - self.drift * conformal.horizon(age)
        low, _, high = self._log_quantiles(frame)
        self.offsets = conformal.calibrate(low, high, target, groups=groups, age_years=age)
        return self

    def predict(self, frame: pd.DataFrame, published=None, groups=None) -> pd.DataFrame:
        """P10, P50, P90 of monthly gross RUB, one row per input row (P10 ≤ P50 ≤ P90): pay at
        the end of the training window, or at each row's `published` time when given (moved by
        the model's drift, at most conformal.MAX_HORIZON_YEARS). `groups` (each row's source)
        picks each source's own conformal offset; without it, or for a source the calibration
        never saw, the pooled one."""
        distinct, codes = _distinct_rows(frame[list(FEATURES)])
        stacked = np.column_stack(self._log_quantiles(distinct))
        if codes is not None:
            stacked = stacked[codes]
        age = self._age(published, len(frame))
        widen = conformal.uncertainty(age, self.drift_se)
        low, high = conformal.apply(stacked[:, 0], stacked[:, 2], self._offsets(), widen, groups)
        shift = self.drift * conformal.horizon(age)
        # P50 learns from more rows than the interval, so it may fall outside it: the calibrated
        # interval is what coverage is measured on, so P50 moves, not the interval.
        stacked = np.exp(np.column_stack([low, np.clip(stacked[:, 1], low, high), high]).T + shift)
        return pd.DataFrame(stacked.T, columns=["p10", "p50", "p90"], index=frame.index)

    def _age(self, published, rows: int) -> np.ndarray:
        """Years from the end of the training window to each row's time (0 without times)."""
        if published is None or self.reference_time is None:
            return np.zeros(rows)
        moments = pd.to_datetime(pd.Series(published)).to_numpy()
        return conformal.years(moments, self.reference_time)

    def _offsets(self) -> conformal.Offsets:
        if "offsets" in self.__dict__:
            return self.offsets
        # A model saved before two-sided offsets: its one offset on both ends.
        legacy = self.__dict__.get("conformal_offset", 0.0)
        return conformal.Offsets(low=legacy, high=legacy, n=0)

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
        # Models saved before each quantile had its own columns read them all.
        columns = self.__dict__.get("model_columns") or {}
        low, mid, high = (
            self.regressors[q].predict(encoded[:, columns[q]] if q in columns else encoded)
            for q in QUANTILES
        )
        return low, mid, high


def _title_cells(frame: pd.DataFrame) -> np.ndarray:
    """Cells within which pay over time is compared: the same title (case and spacing aside)
    in the same region: like with like, whatever the mix of jobs in each period."""
    titles = frame[TEXT].astype(str).str.lower().str.split().str.join(" ")
    return pd.factorize(titles + "|" + frame["region"].astype(str))[0]


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


# _FastCategories replaces HistGradientBoostingRegressor._preprocessor, a private attribute, so
# only on the scikit-learn minors the tests have run it on (tests/test_model.py compares it with
# scikit-learn's own step); on any other the regressor keeps its own step: slower, same numbers.
FAST_CATEGORIES_TESTED = ((1, 9),)


def _sklearn_minor(version: str = sklearn.__version__) -> tuple[int, int]:
    found = re.match(r"(\d+)\.(\d+)", version)
    return (int(found[1]), int(found[2])) if found else (0, 0)


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
    def install(cls, model: HistGradientBoostingRegressor) -> bool:
        """Put the fast step in place of the model's own; False (model untouched) when there are
        no categories or scikit-learn is a version the tests have not seen."""
        if model.is_categorical_ is None or _sklearn_minor() not in FAST_CATEGORIES_TESTED:
            return False
        step = getattr(model, "_preprocessor", None)
        encoder = getattr(step, "named_transformers_", {}).get("encoder")
        if encoder is None or not hasattr(encoder, "categories_"):
            return False
        model._preprocessor = cls(np.asarray(model.is_categorical_), encoder.categories_)
        return True

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


def _varies(column: np.ndarray, least: int = 3) -> bool:
    """Whether a column can teach the trees: its commonest value and the others each on at
    least `least` rows, so that early stopping's random validation rows can hardly leave it
    constant among the rows a model is fitted on (which trips scikit-learn's binner)."""
    values = column[~np.isnan(column)]
    if values.size < 2 * least:
        return False
    commonest = np.unique(values, return_counts=True)[1].max()
    return bool(commonest >= least and values.size - commonest >= least)
