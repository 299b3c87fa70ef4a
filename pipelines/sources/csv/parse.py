"""CSV or flat JSON rows + a column mapping → canonical observations (pure).

The mapping file's keys are in mapping.py and docs/sources.md; pay goes through the same
normalisation as every source (common.monthly_pay → normalise_pay).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pipelines.framing import Broken, UnreadableFile, decode_text, decompress, json_values
from pipelines.normalise.pay import PayError
from pipelines.records import Observation, RecordError
from pipelines.sources import common
from pipelines.sources.csv.mapping import VOCABULARIES, Field, Mapping
from pipelines.sources.superjob.parse import parse_unix_time
from pipelines.sources.trudvsem.parse import parse_date

SOURCE = "csv"
KEY_COLUMN = "@key"  # the member name a `*` step of `records` passed through
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
# Thousands separators are accepted only in groups of three: '45,000' but never '45,5'.
_GROUPED = {False: re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"),
            True: re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")}  # fmt: skip
_GROSS_WORDS = {"true": True, "false": False, "1": True, "0": False, "gross": True, "net": False}
# Fields whose unmapped value would make the pay wrong: the row is quarantined, not guessed.
_PAY_FIELDS = {"period": "unknown_pay_period", "gross": "bad_field"}


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser knows about the snapshot a row came from, and the file's mapping."""

    source: str = SOURCE
    is_synthetic: bool = False
    snapshot_rates: tuple[tuple[str, float], ...] | None = None
    mapping: Mapping | None = None


def candidates(data: bytes, ctx: ParseContext) -> Iterator[tuple[str, object, bytes | None]]:
    """(where, row or record, None) for every row of a CSV file or record of a JSON file;
    raises UnreadableFile when the file cannot be read with the mapping at all."""
    mapping = ctx.mapping
    text_bytes, gzip_problem = decompress(data)
    first = text_bytes.lstrip()[:1]
    is_json = mapping.format == "json" or (mapping.format is None and first in (b"[", b"{"))
    if is_json:
        for value in json_values(text_bytes):
            for where, record in records_at(value, mapping.records):
                yield where, record, None
    else:
        yield from _csv_rows(text_bytes, mapping)
    if gzip_problem is not None:
        yield "end of file", gzip_problem, None


def records_at(value: object, steps: tuple[str, ...], where: str = "", key: str | None = None):
    """(JSON path, record) along the mapping's `records` steps: '[]' every element of an array,
    '*' every member of an object (its name becomes the column '@key'), a name that member.
    With no steps an array's elements are the records, else the value itself."""
    if not steps and isinstance(value, list) and not where:
        steps = ("[]",)
    if isinstance(value, Broken) or not steps:
        if key is not None and isinstance(value, dict):
            value = {**value, KEY_COLUMN: key}
        yield (where or "$"), value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]" and isinstance(value, list):
        for i, element in enumerate(value):
            yield from records_at(element, rest, f"{where}[{i}]", key)
    elif step == "*" and isinstance(value, dict):
        for name, member in value.items():
            yield from records_at(member, rest, f"{where}.{name}".lstrip("."), name)
    elif step not in ("[]", "*") and isinstance(value, dict) and step in value:
        yield from records_at(value[step], rest, f"{where}.{step}".lstrip("."), key)
    else:
        wanted = {"[]": "an array", "*": "an object"}.get(step, f"an object with {step!r}")
        found = common.kind(value)
        if isinstance(value, dict):
            found = f"an object with {', '.join(map(repr, list(value)[:6])) or 'no keys'}"
        message = f"expected {wanted} here (mapping `records`), found {found}"
        yield (where or "$"), Broken("not_a_vacancy", message, 0, str(value)[:2000])


def _csv_rows(data: bytes, mapping: Mapping) -> Iterator[tuple[str, object, None]]:
    if mapping.encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        text = decode_text(data)
    else:
        text = data.decode(mapping.encoding, "surrogateescape")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # descriptions can exceed the 128 KiB default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    header = [name.strip() for name in next(reader, [])]
    if not header:
        return
    missing = sorted(c for c in mapping.columns() if c not in header)
    if missing:
        raise UnreadableFile(
            f"no column {', '.join(map(repr, missing))} named by {mapping.path}; the header "
            f"(delimiter {mapping.delimiter!r}) has: {', '.join(map(repr, header[:30]))}"
        )
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield f"line {line}", Broken("invalid_csv", str(exc), line, ""), None
            return
        if any(cell.strip() for cell in row):
            if len(row) == len(header):
                yield f"line {line}", dict(zip(header, row, strict=True)), None
            else:
                message = (
                    f"{len(row)} values where the header has {len(header)} "
                    "(a delimiter or line break inside an unquoted value?)"
                )
                shown = mapping.delimiter.join(row)[:2000]
                yield f"line {line}", Broken("bad_row", message, line, shown), None
        line = reader.line_num + 1


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One row (column → value) or JSON record → Observation; raises RecordError naming the
    column at fault."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, record.message)
    if not isinstance(record, dict):
        found = common.kind(record)
        raise RecordError("not_a_vacancy", f"expected a row or an object, found {found}")
    mapping = ctx.mapping
    vacancy_id = _text(record, "id", mapping)
    if vacancy_id is None:
        where = ", ".join(map(repr, mapping.fields["id"].columns))
        raise RecordError("missing_id", f"no id in column {where}")
    try:
        return _observation(record, vacancy_id, ctx)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc


def _observation(r: dict, vacancy_id: str, ctx: ParseContext) -> Observation:
    m = ctx.mapping
    title = _text(r, "title", m)
    if title is None:
        raise RecordError("missing_title", f"no title in column {_columns(m, 'title')}")
    published_at = _published(r, m)
    low, high = _bound(r, "pay_from", m), _bound(r, "pay_to", m)
    currency = _text(r, "currency", m)
    pay = common.monthly_pay(
        low, high, currency, published_at, ctx.snapshot_rates,
        gross=_vocabulary(r, "gross", m), period=_vocabulary(r, "period", m) or "month",
    )  # fmt: skip
    description = _joined(r, "description", m)
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=description is not None,
        is_synthetic=ctx.is_synthetic,
        url=_text(r, "url", m),
        title=title,
        employer_name=_text(r, "employer", m),
        employer_id=_text(r, "employer_id", m),
        area_name=_text(r, "region", m),
        area_id=_text(r, "region_id", m),
        published_at=published_at,
        **pay,
        schedule=_vocabulary(r, "schedule", m),
        employment=_vocabulary(r, "employment", m),
        experience=_vocabulary(r, "experience", m),
        work_format=_vocabulary(r, "work_format", m),
        description_text=description,
        snippet_text=_joined(r, "snippet", m),
    )


def column_value(record: dict, column: str) -> object:
    """A column's value; in JSON a dotted name reaches inside objects ('salary.from')."""
    if column in record:
        return record[column]
    value: object = record
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _raw(record: dict, name: str, mapping: Mapping) -> tuple[object, str | None]:
    """(value, the column it came from) for a field: the first column with a value, else the
    fixed value or the default (column None); (None, None) when the mapping lacks the field."""
    spec = mapping.fields.get(name)
    if spec is None:
        return None, None
    if spec.value is not None:
        return spec.value, None
    for column in spec.columns:
        value = column_value(record, column)
        if not _blank(value):
            return value, column
    return spec.default, None


def _text(record: dict, name: str, mapping: Mapping) -> str | None:
    value, column = _raw(record, name, mapping)
    return _as_text(value, column)


def _joined(record: dict, name: str, mapping: Mapping) -> str | None:
    """Every column of a text field that has a value, one per line."""
    spec = mapping.fields.get(name)
    if spec is None:
        return None
    if spec.value is not None:
        return spec.value
    parts = [_as_text(column_value(record, c), c) for c in spec.columns]
    return "\n".join(p for p in parts if p) or spec.default


def _as_text(value: object, column: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise RecordError(
            "bad_field", f"column {column!r} holds {common.kind(value)}, not text; name a field "
            f"inside it (e.g. '{column}.name')",
        )  # fmt: skip
    return str(value).strip() or None


def _vocabulary(record: dict, name: str, mapping: Mapping) -> object:
    """A mapped value of a vocabulary field; None when the file's value is not in the map
    (a quarantine for the pay fields, whose guess would change the pay)."""
    value, column = _raw(record, name, mapping)
    if value is None or column is None:
        return value
    if name == "gross" and isinstance(value, bool):
        return value
    key = _as_text(value, column).casefold()
    spec: Field = mapping.fields[name]
    if key in spec.values:
        return spec.values[key]
    vocabulary = VOCABULARIES[name]
    if name == "gross" and key in _GROSS_WORDS:
        return _GROSS_WORDS[key]
    found = next((v for v in vocabulary if str(v).casefold() == key), None)
    if found is None and name in _PAY_FIELDS:
        raise RecordError(
            _PAY_FIELDS[name], f"column {column!r}: {value!r} is not in the mapping's "
            f"fields.{name}.map (known: {', '.join(spec.values) or 'none'})",
        )  # fmt: skip
    return found


def _bound(record: dict, name: str, mapping: Mapping) -> float | int | None:
    """A pay bound as a number: '45 000', '45000,50' with decimal_comma; 0 → no bound."""
    value, column = _raw(record, name, mapping)
    number = _number(value, column, mapping.decimal_comma)
    if number == 0:
        if mapping.zero_means_no_bound:
            return None
        raise RecordError(
            "bad_pay_value", f"column {column!r} is 0; if 0 means «not stated» in this file, set "
            "zero_means_no_bound = true in the mapping",
        )  # fmt: skip
    return number


def _number(value: object, column: str | None, decimal_comma: bool) -> float | int | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if not isinstance(value, str):
        raise RecordError("bad_pay_value", f"column {column!r}: {value!r} is not a number")
    compact = value.translate(_SPACES)
    if not compact:
        return None
    thousands, point = (".", ",") if decimal_comma else (",", ".")
    if thousands in compact and _GROUPED[decimal_comma].match(compact):
        compact = compact.replace(thousands, "")
    try:
        return float(compact.replace(point, ".") if decimal_comma else compact)
    except ValueError:
        hint = ""
        if "," in compact and not decimal_comma:
            hint = " (a decimal comma? set decimal_comma = true in the mapping)"
        raise RecordError(
            "bad_pay_value", f"column {column!r}: {value!r} is not a number{hint}"
        ) from None


def _published(record: dict, mapping: Mapping) -> datetime:
    value, column = _raw(record, "published", mapping)
    if isinstance(value, datetime):  # the mapping's fixed date
        return value
    fmt = mapping.fields["published"].format
    moment = None
    if fmt == "unix":
        moment = parse_unix_time(value)
    elif fmt and isinstance(value, str):
        try:
            moment = datetime.strptime(value.strip(), fmt)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    elif isinstance(value, str):
        moment = parse_date(value)
    if moment is None:
        expected = f"in the format {fmt!r}" if fmt else "an ISO 8601 date (or set its format)"
        shown = f"{value!r} is not a date {expected}" if value is not None else "no date"
        raise RecordError("bad_date", f"column {_columns(mapping, 'published')}: {shown}")
    return moment


def _columns(mapping: Mapping, name: str) -> str:
    return ", ".join(map(repr, mapping.fields[name].columns)) or "(none)"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
