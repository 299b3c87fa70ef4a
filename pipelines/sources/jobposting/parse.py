"""schema.org JobPosting JSON-LD (in saved HTML pages or .json/.jsonld files) → observations.

Script tags are found with an HTML5 parser (selectolax's lexbor), not with patterns over HTML;
the mapping of fields is in docs/sources.md. Pay goes through the same normalisation as every
source (common.monthly_pay).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import jstyleson
from selectolax.lexbor import LexborHTMLParser

from pipelines.normalise.pay import PayError
from pipelines.normalise.text import html_to_text
from pipelines.sources import common
from pipelines.sources.common import obj, text
from pipelines.sources.framing import Broken, decompress, json_values
from pipelines.sources.hh import parse as hh
from pipelines.sources.records import Observation, RecordError
from pipelines.sources.trudvsem.parse import parse_date

SOURCE = "jobposting"
_JSON_LD = "application/ld+json"
# A first line that is a JavaScript or HTML comment, which some sites put before the JSON.
_COMMENT_LINE = re.compile(r"^\s*(//.*|<!--.*-->)")
# schema.org employmentType → canonical employment (hh.ru's ids); first known value wins.
_EMPLOYMENT = {
    "FULL_TIME": "full",
    "PART_TIME": "part",
    "CONTRACTOR": "project",
    "TEMPORARY": "project",
    "PER_DIEM": "part",
    "INTERN": "probation",
    "INTERNSHIP": "probation",
    "VOLUNTEER": "volunteer",
}
# QuantitativeValue.unitText → pay period; no unitText is read as per month (the usual
# convention of Russian career sites), see docs/sources.md.
_PERIODS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


@dataclass(frozen=True, slots=True)
class ParseContext(hh.ParseContext):
    """What the parser knows about the snapshot a record came from (as for every source)."""

    source: str = SOURCE


def candidates(data: bytes, ctx: ParseContext) -> Iterator[tuple[str, object, bytes | None]]:
    """(where, JobPosting object or Broken, None) for every JobPosting of an HTML page or a
    JSON-LD file; a page without one yields a single 'not_a_vacancy' Broken."""
    text_bytes, gzip_problem = decompress(data)
    if text_bytes.lstrip()[:1] in (b"{", b"["):
        found = _in_json(text_bytes)
    else:
        found = _in_html(text_bytes)
    any_posting = False
    for where, item in found:
        any_posting = True
        yield where, item, None
    if not any_posting:
        message = "no schema.org JobPosting in this file (no JSON-LD script, or none is a posting)"
        yield "$", Broken("not_a_vacancy", message, 0, ""), None
    if gzip_problem is not None:
        yield "end of file", gzip_problem, None


def _in_json(data: bytes) -> Iterator[tuple[str, object]]:
    for i, value in enumerate(json_values(data)):
        if isinstance(value, Broken):
            yield f"value {i + 1}", value
        else:
            yield from postings_in(value, f"value {i + 1}" if i else "")


def _in_html(data: bytes) -> Iterator[tuple[str, object]]:
    # Bytes that are not UTF-8 read as U+FFFD, one per byte (as lxml did before): a page in
    # cp1251 still loads, with its Cyrillic unreadable, rather than failing as a whole.
    page = LexborHTMLParser(data.decode("utf-8", "replace"))
    scripts = [s for s in page.css("script") if _is_json_ld(s.attributes.get("type"))]
    for n, script in enumerate(scripts, start=1):
        where = f"script {n}"
        body = script.text(deep=True)
        try:
            items = json_ld_items(body)
        except (ValueError, RecursionError) as exc:  # json and jstyleson refused the script
            # (RecursionError: nesting past Python's limit, e.g. a script of 20 000 '[').
            yield where, Broken("invalid_json", f"broken JSON-LD: {exc}", 0, body.strip()[:2000])
            continue
        for i, item in enumerate(items):
            yield from postings_in(item, f"{where}[{i}]" if len(items) > 1 else where)


def _is_json_ld(kind: str | None) -> bool:
    """type="application/ld+json" in any letter case (a MIME type is case-insensitive)."""
    return kind is not None and kind.lower() == _JSON_LD


def json_ld_items(script: str) -> list:
    """The top-level items of a JSON-LD script, as extruct read them: an array's elements or the
    one object (empty ones and other values dropped); JSON with JavaScript comments or trailing
    commas is read too, as sites write it. Raises ValueError (or RecursionError) when unreadable."""
    try:
        data = json.loads(script, strict=False)  # strict=False: raw tabs and newlines in strings
    except ValueError:
        data = jstyleson.loads(_COMMENT_LINE.sub("", script), strict=False)
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [item for item in items if item]


def postings_in(value: object, where: str = "") -> Iterator[tuple[str, dict]]:
    """(path, JobPosting) in a JSON-LD value: the value itself, arrays and `@graph` lists."""
    if isinstance(value, Broken):  # a cut or broken element of an array: quarantined
        yield (where or "$"), value
    elif isinstance(value, list):
        for i, element in enumerate(value):
            yield from postings_in(element, f"{where}[{i}]")
    elif isinstance(value, dict):
        if is_job_posting(value):
            yield (where or "$"), value
        elif isinstance(value.get("@graph"), list | dict):
            yield from postings_in(value["@graph"], f"{where}.@graph".lstrip("."))


def is_job_posting(value: dict) -> bool:
    """'JobPosting', 'schema:JobPosting', 'https://schema.org/JobPosting', or a list with one."""
    kinds = value.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].endswith("JobPosting") for k in kinds)


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One JobPosting object → Observation; raises RecordError naming the field at fault."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, record.message)
    if not isinstance(record, dict):
        raise RecordError("not_a_vacancy", f"expected a JobPosting, found {common.kind(record)}")
    title = text(record.get("title")) or text(record.get("name"))
    if title is None:
        raise RecordError("missing_title", "the JobPosting has no title")
    employer = employer_of(record.get("hiringOrganization"))
    published_at = parse_date(record.get("datePosted"))
    if published_at is None:
        shown = record.get("datePosted")
        raise RecordError("bad_date", f"datePosted is missing or not an ISO 8601 date: {shown!r}")
    vacancy_id = vacancy_id_of(record, title, employer)
    try:
        return _observation(record, vacancy_id, title, employer, published_at, ctx)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise RecordError("bad_field", f"unexpected field shape: {exc}", vacancy_id) from exc


def _observation(r: dict, vacancy_id, title, employer, published_at, ctx) -> Observation:
    low, high, currency, period = pay_of(r)
    pay = common.monthly_pay(low, high, currency, published_at, ctx.snapshot_rates, period=period)
    description = html_to_text(text(r.get("description")))
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=description is not None,
        is_synthetic=ctx.is_synthetic,
        url=text(r.get("url")),
        title=title,
        employer_name=employer,
        area_name=region_of(r.get("jobLocation")),
        published_at=published_at,
        **pay,  # gross is not stated: assumed gross, as for SuperJob (docs/sources.md)
        employment=employment_of(r.get("employmentType")),
        work_format=_remote(r.get("jobLocationType")),
        description_text=description,
    )


def employer_of(value: object) -> str | None:
    """hiringOrganization: an Organization's name, or a plain string."""
    return text(value) or text(obj(value).get("name"))


def vacancy_id_of(r: dict, title: str, employer: str | None) -> str:
    """identifier (a PropertyValue's value, or a string or number), else url, else a hash of
    title, employer and datePosted (stable across re-saves of the same page)."""
    identifier = r.get("identifier")
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else None
    if isinstance(identifier, dict):
        identifier = identifier.get("value")
    found = common.id_text(identifier)
    if found and found.strip():
        return found.strip()
    if text(r.get("url")):
        return text(r.get("url"))
    key = "\x1f".join((title, employer or "", str(r.get("datePosted"))))
    return "sha1:" + hashlib.sha1(key.encode()).hexdigest()[:20]


def employment_of(value: object) -> str | None:
    """employmentType (a string or a list) → 'full', 'part', 'project', 'probation'…"""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            key = item.strip().upper().replace("-", "_").replace(" ", "_")
            if key in _EMPLOYMENT:
                return _EMPLOYMENT[key]
    return None


def _remote(value: object) -> str | None:
    values = value if isinstance(value, list) else [value]
    return "remote" if any(str(v).strip().upper() == "TELECOMMUTE" for v in values) else None


def region_of(value: object) -> str | None:
    """The first jobLocation's addressLocality, else addressRegion (an address may be text)."""
    first = value[0] if isinstance(value, list) and value else value
    address = obj(first).get("address")
    if isinstance(address, str):
        return text(address)
    address = obj(address)
    return text(address.get("addressLocality")) or text(address.get("addressRegion"))


def pay_of(r: dict) -> tuple[object, object, object, str]:
    """baseSalary → (low, high, currency, period); (None, None, …) when no pay is stated.

    A MonetaryAmount's value is a QuantitativeValue {minValue, maxValue, value, unitText} or a
    number; one `value` is both bounds. Raises RecordError for a unitText it cannot convert."""
    salary = r.get("baseSalary")
    currency = r.get("salaryCurrency")
    if not isinstance(salary, dict):
        amount = _number(salary)
        return amount, amount, currency, "month"
    currency = salary.get("currency") or currency
    value = salary.get("value")
    if not isinstance(value, dict):
        amount = _number(value)
        return amount, amount, currency, "month"
    single = _number(value.get("value"))
    low = _number(value.get("minValue"))
    high = _number(value.get("maxValue"))
    if low is None and high is None:
        low = high = single
    unit = value.get("unitText") or salary.get("unitText")
    if unit is None:
        return low, high, currency, "month"
    period = _PERIODS.get(str(unit).strip().upper())
    if period is None:
        known = ", ".join(_PERIODS)
        raise RecordError("unknown_pay_period", f"baseSalary unitText {unit!r} (known: {known})")
    return low, high, currency, period


def _number(value: object) -> object:
    """A number, or a numeric string ('45000', '45 000.50') as a float; other values as given,
    for normalise_pay to refuse."""
    if isinstance(value, str):
        compact = value.replace(" ", "").replace("\u00a0", "")
        try:
            return float(compact) if compact else None
        except ValueError:
            return value
    return value
