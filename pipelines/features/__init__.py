"""Vacancy features (sector, role family, languages, working time, ...) from canonical records.

Importing this package loads pymorphy3's dictionaries; import it only where features are used.
"""

from pipelines.features.extract import extract_features
from pipelines.features.records import Language, VacancyFeatures, VacancyInput

__all__ = ["Language", "VacancyFeatures", "VacancyInput", "extract_features"]
