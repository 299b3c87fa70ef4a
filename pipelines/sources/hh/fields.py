"""hh.ru field values → canonical ones: timestamps, dictionary ids (work format, shift
pattern, hours, rotation, languages) and the small type guards the parser reads fields with."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache, lru_cache

from pipelines.sources.records import Language

_MOSCOW = timezone(timedelta(hours=3))

# salary_range.mode: what the amount is paid for (source-formats.md §1.4).
PAY_MODES = {
    "MONTH": "month",
    "HOUR": "hour",
    "SHIFT": "shift",
    "SERVICE": "service",
    "FLY_IN_FLY_OUT": "rotation",
}
_NUMBER_WORDS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7}
_DAYS_PATTERN = re.compile(r"^([A-Z]+)_ON_([A-Z]+)_OFF$")
_HOURS = re.compile(r"^HOURS_(\d+)$")
_ROTATION = re.compile(r"^DAYS_(\d+)$")
# hh.ru language ids are ISO 639-2/B-like; canonical names are lower-case English.
LANGUAGES = {
    "eng": "english",
    "deu": "german",
    "ger": "german",
    "fra": "french",
    "fre": "french",
    "spa": "spanish",
    "ita": "italian",
    "por": "portuguese",
    "chi": "chinese",
    "zho": "chinese",
    "jpn": "japanese",
    "kor": "korean",
    "ara": "arabic",
    "tur": "turkish",
    "rus": "russian",
    "ukr": "ukrainian",
    "bel": "belarusian",
    "kaz": "kazakh",
    "uzb": "uzbek",
    "pol": "polish",
    "heb": "hebrew",
    "hin": "hindi",
    "fin": "finnish",
    "swe": "swedish",
    "nld": "dutch",
    "dut": "dutch",
    "ces": "czech",
    "cze": "czech",
    "tat": "tatar",
    "aze": "azerbaijani",
    "arm": "armenian",
    "hye": "armenian",
    "geo": "georgian",
    "kat": "georgian",
    "vie": "vietnamese",
    "tha": "thai",
    "per": "persian",
    "fas": "persian",
    "gre": "greek",
    "ell": "greek",
}
_LEVELS = {"a1", "a2", "b1", "b2", "c1", "c2"}
EMPLOYMENT_FORMS = {"FULL": "full", "PART": "part", "PROJECT": "project", "FLY_IN_FLY_OUT": "full"}
_WORK_FORMATS = {
    "REMOTE": "remote",
    "HYBRID": "hybrid",
    "ON_SITE": "on_site",
    "FIELD_WORK": "field_work",
}

def parse_timestamp(value: object) -> datetime | None:
    """hh.ru '2025-04-23T18:55:44+0300' → naive UTC; a value without an offset is Moscow time."""
    if not isinstance(value, str) or not value:
        return None
    # Fast path for whole seconds plus an offset (hh.ru's own form): converting through
    # timezone objects costs ten times as much as parsing and is paid for every record.
    if len(value) >= 19 and value[19:20] in ("+", "-", "Z") and value[10:11] in ("T", " "):
        offset = _utc_offset(value[19:])
        if offset is not None:
            try:
                return datetime.fromisoformat(value[:19]) - offset
            except ValueError:
                return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_MOSCOW)
    return moment.astimezone(UTC).replace(tzinfo=None)


@lru_cache(maxsize=256)
def _utc_offset(suffix: str) -> timedelta | None:
    """'+0300', '+03:00', 'Z' → the offset; None when the suffix is not just an offset."""
    try:
        return datetime.fromisoformat("2000-01-01T00:00:00" + suffix).utcoffset()
    except ValueError:
        return None


@cache
def shift_pattern_of(day_id: str) -> str | None:
    """work_schedule_by_days id → '2/2', '5/2', 'weekend', 'flexible'; None for OTHER/unknown."""
    match = _DAYS_PATTERN.match(day_id)
    if match:
        on, off = _NUMBER_WORDS.get(match.group(1)), _NUMBER_WORDS.get(match.group(2))
        return f"{on}/{off}" if on and off else None
    return {"WEEKEND": "weekend", "FLEXIBLE": "flexible"}.get(day_id)


def work_format_of(ids: list[str], schedule: str | None) -> str | None:
    """REMOTE+ON_SITE or HYBRID → 'hybrid'; legacy schedule 'remote' → 'remote'; else None."""
    formats = {_WORK_FORMATS[i] for i in ids if i in _WORK_FORMATS}
    if "hybrid" in formats or ({"remote", "on_site"} <= formats):
        return "hybrid"
    for name in ("remote", "on_site", "field_work"):
        if name in formats:
            return name
    return "remote" if schedule == "remote" else None


def schedule_from(days: list[str], employment_form: str | None) -> str | None:
    if employment_form == "FLY_IN_FLY_OUT":
        return "flyInFlyOut"
    if "FLEXIBLE" in days:
        return "flexible"
    if "FIVE_ON_TWO_OFF" in days:
        return "fullDay"
    if any(_DAYS_PATTERN.match(d) for d in days):
        return "shift"
    return None


def languages_of(items: list) -> list[Language]:
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        lang_id = str(item.get("id") or "").lower()
        name = LANGUAGES.get(lang_id) or str(item.get("name") or lang_id).strip().lower()
        level = str(as_dict(item.get("level")).get("id") or "").lower()
        out.append(
            Language(name, "native" if level == "l1" else (level if level in _LEVELS else None))
        )
    return out


@cache
def hours_of(hours_id: str) -> float | None:
    match = _HOURS.match(hours_id)
    return float(match.group(1)) if match else None


@cache
def rotation_days_of(duration_id: str) -> float | None:
    match = _ROTATION.match(duration_id)
    return float(match.group(1)) if match else None


def ids_of(items: object) -> list[str]:
    if not items or not isinstance(items, list):
        return []
    return [str(i["id"]) for i in items if isinstance(i, dict) and i.get("id") is not None]


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def as_str(value: object) -> str | None:
    return None if value is None else str(value)


def as_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def kind_of(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def keys_of(record: dict) -> str:
    keys = list(record)[:6]
    return ", ".join(map(str, keys)) + (" …" if len(record) > 6 else "")
