"""hh.ru API JSON → canonical observations (pure: dicts in, typed records out).

The parser interface batches.py reads: records_in and raw_records_in (records.py: where the
records are in a document), parse_vacancy and ParseContext; the field values are read by
fields.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache

from pipelines.normalise.pay import NormalisedPay, PayError, PayInput, normalise_pay, rules_date
from pipelines.normalise.text import html_to_text, strip_tags
from pipelines.sources.framing import Broken
from pipelines.sources.hh.fields import (
    EMPLOYMENT_FORMS,
    PAY_MODES,
    as_bool,
    as_dict,
    as_str,
    hours_of,
    ids_of,
    keys_of,
    kind_of,
    languages_of,
    parse_timestamp,
    rotation_days_of,
    schedule_from,
    shift_pattern_of,
    work_format_of,
)
from pipelines.sources.hh.records import (
    STREAM_PAGE_PATH,
    element_records,
    raw_records_in,
    records_in,
)
from pipelines.sources.records import Observation, RecordError, Role

__all__ = ["SOURCE", "ParseContext", "parse_vacancy", "records_in", "raw_records_in",
           "element_records", "STREAM_PAGE_PATH", "parse_timestamp", "shift_pattern_of",
           "work_format_of"]

SOURCE = "hh"



@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser knows about the snapshot a record came from."""

    source: str = SOURCE
    is_synthetic: bool = False
    snapshot_rates: tuple[tuple[str, float], ...] | None = None  # (code, RUB per unit) pairs



def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One hh.ru search item or detail document → Observation; raises RecordError."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, f"line {record.line}: {record.message}")
    if not isinstance(record, dict):
        raise RecordError("not_a_vacancy", f"expected a vacancy object, found {kind_of(record)}")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "" or isinstance(raw_id, bool | dict | list):
        if "name" in record or "salary" in record or "employer" in record:
            raise RecordError("missing_id", "the vacancy has no id")
        raise RecordError(
            "not_a_vacancy", f"an object without a vacancy id (keys: {keys_of(record)})"
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
    employer = as_dict(get("employer"))
    area = as_dict(get("area"))
    days = ids_of(get("work_schedule_by_days"))
    shift_pattern = _first(shift_pattern_of, days)
    hours_per_shift = _first(hours_of, ids_of(get("working_hours")))
    rotation = _first(rotation_days_of, ids_of(get("fly_in_fly_out_duration")))
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
    employment_form = as_dict(get("employment_form")).get("id")
    schedule = as_dict(get("schedule")).get("id") or schedule_from(days, employment_form)
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
        as_str(employer.get("id")),
        area.get("name"),
        as_str(area.get("id")),
        published_at,
        parse_timestamp(get("initial_created_at") or get("created_at")),
        as_bool(get("archived")),
        *pay_columns,
        schedule,
        as_dict(get("employment")).get("id") or EMPLOYMENT_FORMS.get(employment_form),
        as_dict(get("experience")).get("id"),
        work_format_of(ids_of(get("work_format")), schedule),
        shift_pattern,
        hours_per_shift,
        as_bool(get("night_shifts")),
        [Role(as_str(role.get("id")), role.get("name")) for role in roles if isinstance(role, dict)]
        if isinstance(roles, list)
        else [],
        languages_of(languages) if isinstance(languages, list) else None,
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
    mode = (mode if isinstance(mode, str) else as_dict(mode).get("id")) or "MONTH"
    period = PAY_MODES.get(mode)
    if period is None:
        raise RecordError(
            "unknown_pay_period", f"salary_range.mode {mode!r} is not one PayScope knows"
        )
    return amount_from, amount_to, salary.get("currency"), as_bool(salary.get("gross")), period

