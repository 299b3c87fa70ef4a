"""Vacancy features (sector, role family, languages, working time, ...) from canonical records.

The extractors load pymorphy3's dictionaries when first imported, so the package exports them
lazily: importing `pipelines.features.records` (the vocabulary) costs nothing.
"""

from __future__ import annotations

__all__ = ["Language", "VacancyFeatures", "VacancyInput", "extract_features"]


def __getattr__(name: str):
    if name == "extract_features":
        from pipelines.features.extract import extract_features

        return extract_features
    if name in ("Language", "VacancyFeatures", "VacancyInput"):
        from pipelines.features import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
