"""hh.ru API JSON → canonical observations (pure: dicts in, typed records out)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from functools import cache, lru_cache
from typing import Any

import msgspec

from pipelines.normalise.pay import NormalisedPay, PayError, PayInput, normalise_pay, rules_date
from pipelines.normalise.text import html_to_text, strip_tags
from pipelines.sources.framing import Broken
from pipelines.sources.records import Language, Observation, RecordError, Role

SOURCE = "hh"
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
_EMPLOYMENT_FORMS = {"FULL": "full", "PART": "part", "PROJECT": "project", "FLY_IN_FLY_OUT": "full"}
_WORK_FORMATS = {
    "REMOTE": "remote",
    "HYBRID": "hybrid",
    "ON_SITE": "on_site",
    "FIELD_WORK": "field_work",
}


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser knows about the snapshot a record came from."""

    source: str = SOURCE
    is_synthetic: bool = False
    snapshot_rates: tuple[tuple[str, float], ...] | None = None  # (code, RUB per unit) pairs


def records_in(value: object, location: str = "") -> Iterator[tuple[str, object]]:
    """(JSON path, candidate record) for every record in a decoded value.

    Understands search pages ({"items": [...]}), detail documents, arrays of either and
    arrays of arrays. Candidates are dicts that may be vacancies, `Broken` spans, or any
    other value, which the caller quarantines as not a vacancy.
    """
    if isinstance(value, list):
        for i, element in enumerate(value):
            yield from records_in(element, f"{location}[{i}]")
    elif isinstance(value, dict) and "id" not in value and isinstance(value.get("items"), list):
        prefix = f"{location}." if location else ""
        for i, element in enumerate(value["items"]):
            yield from records_in(element, f"{prefix}items[{i}]")
    else:
        yield (location or "$"), value


class _Node(msgspec.Struct):
    """Just enough of a JSON object to tell a search page from a record, as records_in does:
    a page has an `items` array and no `id` key at all (UNSET, unlike an explicit null)."""

    items: list[msgspec.Raw] | None = None
    id: Any = msgspec.UNSET


_ELEMENTS = msgspec.json.Decoder(list[msgspec.Raw])
_NODE = msgspec.json.Decoder(_Node)


def raw_records_in(data: bytes) -> list[tuple[str, bytes]] | None:
    """(JSON path, the record's own JSON bytes) for one valid document, as `records_in` finds
    them; None when the bytes are not exactly one JSON document of known shape.

    Splitting the bytes keeps each record's original JSON for the raw layer without
    re-serialising it, which is a large share of the cost of a load.
    """
    if data.lstrip()[:1] not in (b"[", b"{"):
        return None
    try:
        return list(_raw_records(data, ""))
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        return None


def _raw_records(raw: bytes, location: str) -> Iterator[tuple[str, bytes]]:
    first = raw.lstrip()[:1]
    if first == b"[":
        for i, element in enumerate(_ELEMENTS.decode(raw)):
            yield from _element_records(bytes(element), f"{location}[{i}]")
        return
    if first == b"{":
        node = _NODE.decode(raw)
        if node.items is not None and node.id is msgspec.UNSET:
            prefix = f"{location}." if location else ""
            for i, element in enumerate(node.items):
                yield from _element_records(bytes(element), f"{prefix}items[{i}]")
            return
    yield (location or "$"), raw


def _element_records(raw: bytes, location: str) -> Iterator[tuple[str, bytes]]:
    # Raw values start at their first byte; an object without an "items" key is a record,
    # which saves decoding every record twice.
    if raw[:1] == b"{" and b'"items"' not in raw:
        yield location, raw
    else:
        yield from _raw_records(raw, location)


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One hh.ru search item or detail document → Observation; raises RecordError."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, f"line {record.line}: {record.message}")
    if not isinstance(record, dict):
        raise RecordError("not_a_vacancy", f"expected a vacancy object, found {_kind(record)}")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "" or isinstance(raw_id, bool | dict | list):
        if "name" in record or "salary" in record or "employer" in record:
            raise RecordError("missing_id", "the vacancy has no id")
        raise RecordError(
            "not_a_vacancy", f"an object without a vacancy id (keys: {_keys(record)})"
        )
    vacancy_id = str(raw_id)
    try:
        return _observation(record, vacancy_id, ctx)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # A field of an unexpected type: say which, rather than crash the load.
        raise RecordError("bad_field", f"unexpected field shape: {exc}", vacancy_id) from exc


def _observation(r: dict, vacancy_id: str, ctx: ParseContext) -> Observation:
    get = r.get
    title = get("name")
    if not isinstance(title, str) or not title.strip():
        raise RecordError("missing_title", "the vacancy has no name (title)")
    published_at = parse_timestamp(get("published_at"))
    if published_at is None:
        raise RecordError(
            "bad_date", f"published_at is missing or not a date: {get('published_at')!r}"
        )
    is_detail = "description" in r
    employer = _obj(get("employer"))
    area = _obj(get("area"))
    days = _ids(get("work_schedule_by_days"))
    shift_pattern = _first(shift_pattern_of, days)
    hours_per_shift = _first(_hours_of, _ids(get("working_hours")))
    rotation = _first(_rotation_days_of, _ids(get("fly_in_fly_out_duration")))
    posted = _posted_pay(r)
    if posted is None:
        pay_columns = _NO_PAY
    else:
        key = (*posted, rules_date(published_at.date()), shift_pattern, hours_per_shift, rotation)
        try:
            hash(key)
        except TypeError:  # lists or objects where numbers belong; normalise_pay rejects them
            pay = _normalised_pay.__wrapped__(*key, ctx.snapshot_rates)
        else:
            pay = _normalised_pay(*key, ctx.snapshot_rates)
        pay_columns = (posted[2], posted[0], posted[1], posted[3], posted[4], *_pay_values(pay))
    employment_form = _obj(get("employment_form")).get("id")
    schedule = _obj(get("schedule")).get("id") or _schedule_from(days, employment_form)
    snippet = get("snippet")
    snippet_text = None
    if isinstance(snippet, dict):
        parts = (strip_tags(snippet.get("requirement")), strip_tags(snippet.get("responsibility")))
        snippet_text = "\n".join(p for p in parts if p) or None
    roles = get("professional_roles")
    languages = get("languages")
    # Positional, in Observation's field order: this runs once per record of every load.
    return Observation(
        ctx.source,
        vacancy_id,
        is_detail,
        ctx.is_synthetic,
        get("alternate_url") or f"https://hh.ru/vacancy/{vacancy_id}",
        title.strip(),
        employer.get("name"),
        _str(employer.get("id")),
        area.get("name"),
        _str(area.get("id")),
        published_at,
        parse_timestamp(get("initial_created_at") or get("created_at")),
        _bool(get("archived")),
        *pay_columns,
        schedule,
        _obj(get("employment")).get("id") or _EMPLOYMENT_FORMS.get(employment_form),
        _obj(get("experience")).get("id"),
        work_format_of(_ids(get("work_format")), schedule),
        shift_pattern,
        hours_per_shift,
        _bool(get("night_shifts")),
        [Role(_str(role.get("id")), role.get("name")) for role in roles if isinstance(role, dict)]
        if isinstance(roles, list)
        else [],
        _languages(languages) if isinstance(languages, list) else None,
        _key_skills(get("key_skills")) if is_detail else None,
        html_to_text(get("description")) if is_detail else None,
        snippet_text,
    )


# currency, from, to, gross, period as posted; then the NormalisedPay values.
_NO_PAY = (None,) * 9 + (False,) + (None,) * 4


def _pay_values(pay: NormalisedPay | None) -> tuple:
    if pay is None:
        return _NO_PAY[5:]
    return (
        pay.low_rub,
        pay.high_rub,
        pay.mid_rub,
        pay.flag,
        pay.in_stats,
        pay.fx_rate,
        pay.fx_source,
        pay.gross_basis,
        pay.conversion,
    )


def _first(parse_id, ids: list[str]):
    """The first id that `parse_id` understands, parsed; None when there is none."""
    for item in ids:
        value = parse_id(item)
        if value is not None:
            return value
    return None


def _key_skills(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    return [s["name"] for s in items if isinstance(s, dict) and s.get("name")]


@lru_cache(maxsize=1 << 16)
def _normalised_pay(
    amount_from,
    amount_to,
    currency,
    gross,
    period,
    day,
    shift_pattern,
    hours_per_shift,
    rotation,
    rates,
):
    """normalise_pay, memoised: postings repeat the same amounts on the same days a lot."""
    return normalise_pay(
        PayInput(
            amount_from=amount_from,
            amount_to=amount_to,
            currency=currency,
            gross=gross,
            period=period,
            published_at=datetime.combine(day, time()),  # rules_date: same rules as the day
            shift_pattern=shift_pattern,
            hours_per_shift=hours_per_shift,
            rotation_days=rotation,
            snapshot_rates=dict(rates) if rates else None,
        )
    )


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


def _posted_pay(r: dict) -> tuple | None:
    """(from, to, currency, gross, period) as posted; salary_range wins over legacy salary."""
    salary = r.get("salary_range") if isinstance(r.get("salary_range"), dict) else r.get("salary")
    if salary is None:
        return None
    if not isinstance(salary, dict):
        raise RecordError("bad_pay_value", f"salary is not an object: {salary!r}")
    amount_from, amount_to = salary.get("from"), salary.get("to")
    if amount_from is None and amount_to is None:
        return None
    mode = salary.get("mode")
    mode = (mode if isinstance(mode, str) else _obj(mode).get("id")) or "MONTH"
    period = PAY_MODES.get(mode)
    if period is None:
        raise RecordError(
            "unknown_pay_period", f"salary_range.mode {mode!r} is not one PayScope knows"
        )
    return amount_from, amount_to, salary.get("currency"), _bool(salary.get("gross")), period


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


def _schedule_from(days: list[str], employment_form: str | None) -> str | None:
    if employment_form == "FLY_IN_FLY_OUT":
        return "flyInFlyOut"
    if "FLEXIBLE" in days:
        return "flexible"
    if "FIVE_ON_TWO_OFF" in days:
        return "fullDay"
    if any(_DAYS_PATTERN.match(d) for d in days):
        return "shift"
    return None


def _languages(items: list) -> list[Language]:
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        lang_id = str(item.get("id") or "").lower()
        name = LANGUAGES.get(lang_id) or str(item.get("name") or lang_id).strip().lower()
        level = str(_obj(item.get("level")).get("id") or "").lower()
        out.append(
            Language(name, "native" if level == "l1" else (level if level in _LEVELS else None))
        )
    return out


@cache
def _hours_of(hours_id: str) -> float | None:
    match = _HOURS.match(hours_id)
    return float(match.group(1)) if match else None


@cache
def _rotation_days_of(duration_id: str) -> float | None:
    match = _ROTATION.match(duration_id)
    return float(match.group(1)) if match else None


def _ids(items: object) -> list[str]:
    if not items or not isinstance(items, list):
        return []
    return [str(i["id"]) for i in items if isinstance(i, dict) and i.get("id") is not None]


def _obj(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _keys(record: dict) -> str:
    keys = list(record)[:6]
    return ", ".join(map(str, keys)) + (" …" if len(record) > 6 else "")
