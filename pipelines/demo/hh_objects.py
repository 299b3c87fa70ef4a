"""hh-shaped objects shared by every generated record; the generator never mutates them."""

from __future__ import annotations

from pipelines.demo.vocab import (
    AREAS,
    BY_DAYS_NAMES,
    EMPLOYER_ID_START,
    EMPLOYERS,
    EMPLOYMENT_FORM_NAMES,
    EMPLOYMENT_NAMES,
    EXPERIENCE,
    FREQUENCY_NAMES,
    LANGUAGE_LEVELS,
    PATTERNS,
    PAY_MODE_NAMES,
    PROFESSIONAL_ROLE_NAMES,
    SCHEDULE_NAMES,
    WORK_FORMAT_NAMES,
    WORKING_HOURS_NAMES,
)


def _named(id_: str, name: str) -> dict[str, str]:
    return {"id": id_, "name": name}


TYPE_OPEN = _named("open", "Открытая")
AREA_OBJECTS = [{"id": a, "name": n, "url": f"https://api.hh.ru/areas/{a}"} for a, n, _, _ in AREAS]
EMPLOYER_OBJECTS = [
    {"id": str(EMPLOYER_ID_START + i), "name": name,
     "url": f"https://api.hh.ru/employers/{EMPLOYER_ID_START + i}",
     "alternate_url": f"https://hh.ru/employer/{EMPLOYER_ID_START + i}", "logo_urls": None,
     "vacancies_url": f"https://api.hh.ru/vacancies?employer_id={EMPLOYER_ID_START + i}",
     "accredited_it_employer": sector == "it", "trusted": True}
    for i, (name, sector) in enumerate(EMPLOYERS)
]
PROFESSIONAL_ROLE_OBJECTS = {k: _named(k, v) for k, v in PROFESSIONAL_ROLE_NAMES.items()}
EXPERIENCE_OBJECTS = [_named(k, v) for k, v in EXPERIENCE]
PAY_MODE_OBJECTS = [_named(k, v) for k, v in PAY_MODE_NAMES.items()]
# Payout frequency by a 0–9 draw: monthly pay mostly twice a month, hourly and shift pay weekly.
_MONTH_FREQUENCY = ["TWICE_PER_MONTH"] * 6 + ["MONTHLY"] * 3 + [None]
_UNIT_FREQUENCY = ["WEEKLY"] * 5 + ["DAILY"] * 3 + ["TWICE_PER_MONTH"] * 2
FREQUENCY_OBJECTS = [[_named(f, FREQUENCY_NAMES[f]) if f else None for f in fs]
                     for fs in (_MONTH_FREQUENCY, _UNIT_FREQUENCY)]
LANGUAGE_OBJECTS = [{"id": "eng", "name": "Английский", "level": _named(k, v)}
                    for k, v in LANGUAGE_LEVELS]
_PART_TIME = [_named("from_four_to_six_hours_in_a_day", "Неполный день, от 4 до 6 часов")]
PATTERN_LEGACY_FIELDS = [
    {"schedule": _named(p.schedule, SCHEDULE_NAMES[p.schedule]), "working_days": [],
     "working_time_intervals": _PART_TIME if p.part_time else [], "working_time_modes": [],
     "accept_temporary": p.part_time or p.employment == "project",
     "accept_incomplete_resumes": p.part_time,
     "employment": _named(p.employment, EMPLOYMENT_NAMES[p.employment])}
    for p in PATTERNS
]
# Fields of the 2024–2025 hh vacancy-form reform.
PATTERN_NEW_FIELDS = [
    {"fly_in_fly_out_duration": [],
     "work_format": [_named(p.work_format, WORK_FORMAT_NAMES[p.work_format])],
     "working_hours": [_named(p.hours, WORKING_HOURS_NAMES[p.hours])],
     "work_schedule_by_days": [_named(p.by_days, BY_DAYS_NAMES[p.by_days])],
     "night_shifts": p.night,
     "employment_form": _named(p.employment_form, EMPLOYMENT_FORM_NAMES[p.employment_form]),
     "internship": p.internship}
    for p in PATTERNS
]
