"""Typed records passed from the source parsers to the loader."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class RecordError(ValueError):
    """A record that cannot be loaded; it goes to quarantine with this reason code."""

    def __init__(self, code: str, message: str, vacancy_id: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.vacancy_id = vacancy_id


class Role(NamedTuple):
    id: str | None
    name: str | None


class Language(NamedTuple):
    name: str  # lower-case English, e.g. 'english'
    level: str | None  # 'a1' … 'c2', 'native', or None when not stated


# Tuples rather than dicts or dataclasses: the loader turns hundreds of thousands of these into
# columns with zip(*rows), and Arrow builds structs from tuples far faster than from dicts.
class Observation(NamedTuple):
    """One vacancy as one record of one snapshot showed it, normalised to the canonical model."""

    source: str
    vacancy_id: str
    is_detail: bool
    is_synthetic: bool
    url: str | None
    title: str
    employer_name: str | None
    employer_id: str | None
    area_name: str | None
    area_id: str | None
    published_at: datetime  # naive UTC
    created_at: datetime | None
    archived: bool | None
    currency_original: str | None
    pay_from_original: float | None
    pay_to_original: float | None
    gross_original: bool | None
    pay_period_original: str | None
    pay_low_rub: float | None  # monthly, gross, RUB
    pay_high_rub: float | None
    pay_mid_rub: float | None
    pay_flag: str | None
    pay_in_stats: bool
    fx_rate: float | None
    fx_source: str | None
    gross_basis: str | None
    pay_conversion: str | None
    schedule: str | None
    employment: str | None
    experience: str | None
    work_format: str | None
    shift_pattern: str | None
    hours_per_shift: float | None
    night_shifts: bool | None
    professional_roles: list[Role] | None
    languages: list[Language] | None  # None = not known (search items do not carry them)
    key_skills: list[str] | None
    description_text: str | None
    snippet_text: str | None
    # True when the source gave no publication date and published_at is the snapshot's time
    # (CSV exports without dates, docs/sources.md): time-based statistics should leave it out.
    published_estimated: bool = False
