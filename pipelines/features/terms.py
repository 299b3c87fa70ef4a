"""Terms of the job: experience asked for and employment type (hh.ru ids, else the text)."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.features.records import EMPLOYMENT, EXPERIENCE, FIELD, TEXT
from pipelines.features.text import Phrases, after, is_modal, is_negated, is_number, number

_EXPERIENCE_CUES = Phrases(
    [
        ("без опыта", "none"),
        ("опыт", "experience"),
        ("стаж", "experience"),
    ]
)
_YEARS = Phrases(
    [
        ("от # лет", 1),
        ("от # года", 1),
        ("от года", "1"),
        ("не менее # лет", 2),
        ("не менее года", "1"),
        ("более # лет", 2),
        ("свыше # лет", 2),
        ("# + лет", 0),
        ("# лет", 0),
    ]
)
# Least years of each hh.ru band, longest first.
_EXPERIENCE_BANDS = ((6, "moreThan6"), (3, "between3And6"), (1, "between1And3"))

_EMPLOYMENT_CUES = Phrases(
    [
        ("полная занятость", "full"),
        ("частичная занятость", "part"),
        ("неполная занятость", "part"),
        ("неполный рабочий день", "part"),
        ("неполный день", "part"),
        ("подработка", "part"),
        ("проектная работа", "project"),
        ("проектная занятость", "project"),
        ("разовые задания", "project"),
        ("волонтёр", "volunteer"),
        ("волонтёрство", "volunteer"),
        ("стажёр", "probation"),
        ("стажировка", "probation"),
        ("intern", "probation"),
        ("internship", "probation"),
    ]
)
# Call centres write «оплачиваемая стажировка» for the first weeks of a full-time job, so an
# internship or volunteering counts only when the title says it.
_TITLE_ONLY = frozenset({"probation", "volunteer"})


def experience_of(field: str | None, whole: Sequence[str]) -> tuple[str | None, str | None]:
    """(hh.ru experience id, provenance): the field, else «без опыта» / «опыт от 3 лет» …"""
    if field in EXPERIENCE:
        return field, FIELD
    for start, end, kind in _EXPERIENCE_CUES.find(whole):
        # «без опыта», «опыт не требуется», «опыт не обязателен» → none asked for
        if kind == "none" or is_negated(whole, start, end):
            return "noExperience", TEXT
        if is_modal(whole, start, end):  # «опыт от года будет плюсом» is not a requirement
            continue
        years = _years(after(whole, end, 8))
        if years is not None:
            for least, band in _EXPERIENCE_BANDS:
                if years >= least:
                    return band, TEXT
    return None, None


def _years(clause: Sequence[str]) -> float | None:
    match = _YEARS.first(clause)
    if match is None:
        return None
    where = match.value
    token = where if isinstance(where, str) else clause[match.start + where]
    return number(token) if is_number(token) else None


def employment_of(
    field: str | None, title: Sequence[str], whole: Sequence[str]
) -> tuple[str | None, str | None]:
    """(hh.ru employment id, provenance): the field, else the text («частичная занятость»)."""
    if field in EMPLOYMENT:
        return field, FIELD
    for start, end, kind in _EMPLOYMENT_CUES.find(whole):
        if kind in _TITLE_ONLY and start >= len(title):
            continue
        if not is_negated(whole, start, end):
            return kind, TEXT
    return None, None
