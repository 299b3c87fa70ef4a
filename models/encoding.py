"""Model inputs → numbers the trees read: category codes, title dimensions (pure, fitted)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from models.frame import CATEGORICAL, NUMERIC, TEXT

_TITLE_DIMENSIONS = 16


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


def preprocessor(rows: int) -> ColumnTransformer:
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
