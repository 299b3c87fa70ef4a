"""Trudvsem («Работа России») open-data API JSON → canonical observations (pure).

Field meanings, units and quirks: ../shared/reference/source-formats.md §3; the mapping is in
docs/sources.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from pipelines.normalise.text import html_to_text
from pipelines.sources import common
from pipelines.sources.common import id_text, obj, text
from pipelines.sources.hh import parse as hh
from pipelines.sources.records import Observation, RecordError, Role

SOURCE = "trudvsem"
# {"status", "meta", "results": {"vacancies": [{"vacancy": {...}}, …]}} (§3.2).
ENVELOPE = common.Envelope(page=("results", "vacancies"), wrapper="vacancy")
_VACANCY_KEYS = ("job-name", "salary_min", "salary_max", "company", "creation-date")
# Lower-case fragment of the free-text schedule → hh schedule id (§3.3), first match wins.
_SCHEDULES = (
    ("вахт", "flyInFlyOut"),
    ("смен", "shift"),
    ("гибк", "flexible"),
    ("свободн", "flexible"),
    ("неполн", None),  # part-time says how much, not when: employment carries it
    ("полный", "fullDay"),
)
# Lower-case fragment of the free-text employment (or schedule) → canonical employment.
_EMPLOYMENTS = (
    ("частичн", "part"),
    ("неполн", "part"),
    ("полн", "full"),
    ("проект", "project"),
    ("стаж", "probation"),
    ("волонт", "volunteer"),
)
_REMOTE = ("удал", "дистанц", "на дому")
# Least years of each hh experience band, longest first.
_EXPERIENCE_BANDS = (
    (6, "moreThan6"),
    (3, "between3And6"),
    (1, "between1And3"),
    (0, "noExperience"),
)
_ROUBLE_PREFIXES = ("руб", "rub", "rur")
_ROUBLE_SIGNS = ("р", "₽")


@dataclass(frozen=True, slots=True)
class ParseContext(hh.ParseContext):
    """What the parser knows about the snapshot a record came from (as for every source)."""

    source: str = SOURCE


def records_in(value: object, location: str = "") -> Iterator[tuple[str, object]]:
    """(JSON path, candidate record) for every record: response pages, `{"vacancy": …}`
    wrappers, bare vacancies and arrays of them."""
    return common.records_in(value, ENVELOPE, location)


def raw_records_in(data: bytes) -> list[tuple[str, bytes]] | None:
    """(JSON path, the record's own JSON bytes) in one valid document; None when unsure."""
    return common.raw_records_in(data, ENVELOPE)


# A file too large to read whole is read as the elements of the array at this path of a page, or
# of a top-level array (sources/streamed.py).
STREAM_PAGE_PATH = ENVELOPE.page


def element_records(raw: bytes, location: str) -> Iterator[tuple[str, bytes]]:
    """(JSON path, record bytes) of one element of a page's array (sources/streamed.py)."""
    return common.element_records(raw, ENVELOPE, location)


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One Trudvsem vacancy object (unwrapped) → Observation; raises RecordError."""
    return common.guarded(record, lambda r, vid: _observation(r, vid, ctx), _VACANCY_KEYS)


def _observation(r: dict, vacancy_id: str, ctx: ParseContext) -> Observation:
    title = r.get("job-name")
    if not isinstance(title, str) or not title.strip():
        raise RecordError("missing_title", "the vacancy has no job-name (title)")
    created = parse_date(r.get("creation-date"))
    if created is None:
        raise RecordError(
            "bad_date", f"creation-date is missing or not a date: {r.get('creation-date')!r}"
        )
    currency = r.get("currency")
    pay = common.monthly_pay(
        r.get("salary_min"), r.get("salary_max"), currency_code(currency), created,
        ctx.snapshot_rates,
    )  # fmt: skip
    if "currency_original" in pay:
        pay["currency_original"] = currency if isinstance(currency, str) else None
    company, region, requirement = (
        obj(r.get("company")),
        obj(r.get("region")),
        obj(r.get("requirement")),
    )
    schedule_text, employment_text = _lower(r.get("schedule")), _lower(r.get("employment"))
    category = text(obj(r.get("category")).get("specialisation"))
    description = _description(r, requirement)
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=description is not None,
        is_synthetic=ctx.is_synthetic,
        url=text(r.get("vac_url")),
        title=title.strip(),
        employer_name=text(company.get("name")),
        employer_id=id_text(company.get("ogrn")) or id_text(company.get("inn")),
        area_name=text(region.get("name")),
        area_id=id_text(region.get("region_code")),
        published_at=created,
        created_at=created,
        **pay,
        schedule=schedule_of(schedule_text),
        employment=employment_of(employment_text) or employment_of(schedule_text),
        experience=experience_band(requirement.get("experience")),
        work_format="remote" if _says(_REMOTE, schedule_text, employment_text) else None,
        professional_roles=[Role(None, category)] if category else [],
        description_text=description,
    )


def parse_date(value: object) -> datetime | None:
    """'2025-11-18' → that day at 00:00 (naive; the calendar day is kept as published);
    a full timestamp → naive UTC as hh's parse_timestamp reads it; None when not a date."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) == 10:
        try:
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return None
    return hh.parse_timestamp(value)


def currency_code(value: object) -> object:
    """'«руб.»', 'руб.', 'RUB', '₽' → 'RUB' (the decorated forms of §3.3); other values
    unchanged, for normalise_pay to convert, assume roubles (none stated) or refuse."""
    if not isinstance(value, str):
        return value
    cleaned = value.strip().strip("«»\"' .").lower()
    if cleaned.startswith(_ROUBLE_PREFIXES) or cleaned in _ROUBLE_SIGNS:
        return "RUB"
    return value


def schedule_of(schedule_text: str) -> str | None:
    """Free-text schedule («Сменный график») → hh schedule id; None when not recognised."""
    for fragment, value in _SCHEDULES:
        if fragment in schedule_text:
            return value
    return None


def employment_of(employment_text: str) -> str | None:
    """Free-text employment («Частичная занятость») → canonical employment; None otherwise."""
    for fragment, value in _EMPLOYMENTS:
        if fragment in employment_text:
            return value
    return None


def experience_band(years: object) -> str | None:
    """requirement.experience in whole years (0 = none asked for) → hh experience band."""
    if isinstance(years, str) and years.strip().isdigit():
        years = int(years)
    if isinstance(years, bool) or not isinstance(years, int | float) or not years >= 0:
        return None
    return next(band for least, band in _EXPERIENCE_BANDS if years >= least)


def _description(r: dict, requirement: dict) -> str | None:
    """Duties, qualification and terms as one text."""
    parts = (
        html_to_text(text(r.get("duty"))),
        text(requirement.get("qualification")),
        text(obj(r.get("term")).get("text")),
    )
    return "\n".join(p for p in parts if p) or None


def _says(fragments: tuple[str, ...], *texts: str) -> bool:
    return any(f in t for f in fragments for t in texts)


def _lower(value: object) -> str:
    return value.lower() if isinstance(value, str) else ""
