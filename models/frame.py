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
    "seniority",  # from the title: 0 intern … 6 director (pipelines/features/seniority.py)
)
TEXT = "title"
FEATURES = (*CATEGORICAL, *NUMERIC, TEXT)

# CEFR-like levels as an ordinal scale; 0 = the language is not asked for. A language asked for
# without a level counts as b1 (3): what «знание английского» usually means.
LEVELS = {
    None: 3.0, "a1": 1.0, "a2": 2.0, "b1": 3.0, "b2": 4.0, "c1": 5.0, "c2": 6.0, "native": 7.0,
}  # fmt: skip


def design_row(row: Mapping) -> dict:
    """One vacancy → model inputs, in plain Python: a single offer must not pay for pandas.
    Gives the same values as a row of design_frame (tests/test_model.py checks it)."""
    out = {name: _category(row.get(name)) for name in CATEGORICAL if name != "region"}
    out["region"] = _category(row["region"] if "region" in row else row.get("area_name"))
    night = _missing_to_none(row.get("night_shifts"))
    hours = _missing_to_none(row.get("part_time_hours"))
    english_level, english_required, others = _language_inputs(row.get("languages"))
    out.update(
        night_shifts=math.nan if night is None else float(bool(night)),
        part_time_hours=math.nan if hours is None else float(hours),
        english_level=english_level,
        english_required=english_required,
        other_languages=others,
        title=str(_missing_to_none(row.get("title")) or ""),
    )
    out["seniority"] = _seniority(out["title"])
    return {name: out[name] for name in FEATURES}


def design_frame(rows: pd.DataFrame | Iterable[Mapping]) -> pd.DataFrame:
    """Vacancies (a DataFrame of rows, or mappings) → the model's input frame, FEATURES order.

    Column-wise: only the languages lists are walked row by row, and most are empty.
    """
    rows = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame([dict(r) for r in rows])
    rows = rows.reset_index(drop=True)
    missing = pd.Series([None] * len(rows), dtype=object)
    column = lambda name: rows[name] if name in rows else missing  # noqa: E731
    out = pd.DataFrame(index=rows.index)
    for name in CATEGORICAL:
        values = column(name) if name != "region" or "region" in rows else column("area_name")
        present = values.notna().to_numpy()
        categories = np.full(len(values), None, dtype=object)
        categories[present] = values[present].astype(str).to_numpy()
        out[name] = categories
    night = column("night_shifts").astype(object)
    out["night_shifts"] = night.map({True: 1.0, False: 0.0}).astype(np.float64)
    out["part_time_hours"] = pd.to_numeric(column("part_time_hours"), errors="coerce")
    languages = [_language_inputs(value) for value in column("languages")]
    out["english_level"], out["english_required"], out["other_languages"] = (
        zip(*languages, strict=True) if languages else ((), (), ())
    )
    out["title"] = column("title").astype(object).where(column("title").notna(), "").astype(str)
    # Titles repeat: each distinct one is read once.
    codes, distinct = pd.factorize(out["title"])
    out["seniority"] = np.array([_seniority(t) for t in distinct], dtype=np.float64)[codes]
    for name in NUMERIC:
        out[name] = out[name].astype(np.float64)
    return out[list(FEATURES)]


def _language_inputs(languages) -> tuple[float, float, float]:
    """(English level, English required 1 / nice-to-have 0.5 / not asked 0, other languages)."""
    if languages is None or (isinstance(languages, float) and math.isnan(languages)):
        return 0.0, 0.0, 0.0
    english_level, english_required, others = 0.0, 0.0, 0
    for language in languages:  # list or numpy array
        name, level, required = _language(language)
        if name == "english":
            english_level = max(english_level, LEVELS.get(level, 3.0))
            english_required = max(english_required, 1.0 if required is not False else 0.5)
        elif name and name != "russian":
            others += 1
    return english_level, english_required, float(others)


def _language(value) -> tuple[str | None, str | None, bool | None]:
    if isinstance(value, Mapping):
        return value.get("name"), value.get("level"), value.get("required")
    if isinstance(value, tuple | list):  # Language named tuples: (name, level[, required])
        padded = (*value, None, None, None)
        return padded[0], padded[1], padded[2]
    return None, None, None


def _seniority(title: str) -> float:
    # Imported on use: the morphology it loads is not needed to read a model card.
    from pipelines.features.seniority import seniority_of

    level = seniority_of(title)
    return math.nan if level is None else float(level)


def _category(value) -> str | None:
    value = _missing_to_none(value)
    return None if value is None else str(value)


def _missing_to_none(value):
    """None, NaN and pandas NA (as DataFrames hold missing values) → None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
