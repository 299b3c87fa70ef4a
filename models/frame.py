"""Model inputs: vacancy rows (canonical fields + vacancy_features) → one design frame (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

# Categorical inputs, encoded as categories by the model (unknown and missing alike).
CATEGORICAL = (
    "sector",
    "role_family",
    "schedule",
    "shift_pattern",
    "work_format",
    "experience",
    "employment",
    "region",
)
# Numeric inputs; NaN = not known.
NUMERIC = (
    "night_shifts",
    "part_time_hours",
    "english_level",
    "english_required",
    "other_languages",
)
TEXT = "title"
FEATURES = (*CATEGORICAL, *NUMERIC, TEXT)

# CEFR-like levels as an ordinal scale; 0 = the language is not asked for. A language asked for
# without a level counts as b1 (3): what «знание английского» usually means.
LEVELS = {
    None: 3.0, "a1": 1.0, "a2": 2.0, "b1": 3.0, "b2": 4.0, "c1": 5.0, "c2": 6.0, "native": 7.0,
}  # fmt: skip


def design_row(row: Mapping) -> dict:
    """One vacancy (a mapping with the canonical and feature columns) → model inputs."""
    english_level, english_required, others = 0.0, 0.0, 0
    languages = row.get("languages")
    for language in () if languages is None else languages:  # list or numpy array
        name, level, required = _language(language)
        if name == "english":
            english_level = max(english_level, LEVELS.get(level, 3.0))
            english_required = max(english_required, 1.0 if required is not False else 0.5)
        elif name and name != "russian":
            others += 1
    night = _missing_to_none(row.get("night_shifts"))
    hours = _missing_to_none(row.get("part_time_hours"))
    out = {name: _category(row.get(name)) for name in CATEGORICAL if name != "region"}
    out["region"] = _category(row.get("region", row.get("area_name")))
    out.update(
        night_shifts=math.nan if night is None else float(bool(night)),
        part_time_hours=math.nan if hours is None else float(hours),
        english_level=english_level,
        english_required=english_required,
        other_languages=float(others),
        title=str(row.get("title") or ""),
    )
    return out


def design_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Many vacancies → the model's input frame, columns in FEATURES order."""
    frame = pd.DataFrame([design_row(r) for r in rows], columns=list(FEATURES))
    for name in NUMERIC:
        frame[name] = frame[name].astype(np.float64)
    return frame


def _language(value) -> tuple[str | None, str | None, bool | None]:
    if isinstance(value, Mapping):
        return value.get("name"), value.get("level"), value.get("required")
    if isinstance(value, tuple | list):  # Language named tuples: (name, level[, required])
        padded = (*value, None, None, None)
        return padded[0], padded[1], padded[2]
    return None, None, None


def _category(value) -> str | None:
    value = _missing_to_none(value)
    return None if value is None else str(value)


def _missing_to_none(value):
    """None, NaN and pandas NA (as DataFrames hold missing values) → None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
