"""CSV or flat JSON rows + a column mapping → canonical observations (pure).

The mapping file's keys are in mapping.py and docs/sources.md; pay goes through the same
normalisation as every source (common.monthly_pay → normalise_pay).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, TextIO

from pipelines.normalise.pay import PayError
from pipelines.sources import common
from pipelines.sources.csv.cells import column_value
from pipelines.sources.csv.fields import (
    bound,
    is_estimated,
    joined,
    list_field,
    pay_from_text,
    published,
    text,
    vocabulary,
)
from pipelines.sources.csv.mapping import Mapping
from pipelines.sources.framing import (
    Broken,
    UnreadableFile,
    decode_text,
    decompress,
    has_bad_encoding,
    json_values,
)
from pipelines.sources.records import Observation, RecordError
from pipelines.sources.trudvsem.parse import currency_code as trudvsem_currency

SOURCE = "csv"
KEY_COLUMN = "@key"  # the member name a `*` step of `records` passed through
__all__ = ["KEY_COLUMN", "ParseContext", "candidates", "column_value", "parse_vacancy"]


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser knows about the snapshot a row came from, and the file's mapping."""

    source: str = SOURCE
    is_synthetic: bool = False
    snapshot_rates: tuple[tuple[str, float], ...] | None = None
    mapping: Mapping | None = None
    # The snapshot's time (manifest or --as-of): the date of rows the file gives none for,
    # when the mapping says `published.missing = "snapshot"`.
    snapshot_time: datetime | None = None


def candidates(data: bytes, ctx: ParseContext) -> Iterator[tuple[str, object, bytes | None]]:
    """(where, row or record, None) for every row of a CSV file or record of a JSON file;
    raises UnreadableFile when the file cannot be read with the mapping at all."""
    mapping = _checked(ctx)
    text_bytes, gzip_problem = decompress(data)
    if _is_json(text_bytes, mapping):
        for value in json_values(text_bytes):
            for where, record in records_at(value, mapping.records):
                yield where, record, None
    else:
        yield from _csv_rows(io.StringIO(_decoded(text_bytes, mapping), newline=""), mapping)
    if gzip_problem is not None:
        yield "end of file", gzip_problem, None


def stream_candidates(f: BinaryIO, ctx: ParseContext) -> Iterator[tuple[str, object, None]] | None:
    """`candidates` of a CSV file too large to read whole, decoded and read row by row (None
    for JSON: read whole). The rows, their lines and the errors are those of a whole read."""
    mapping = _checked(ctx)
    f.seek(0)
    head = f.read(_HEAD_BYTES)
    if _is_json(head, mapping) or not head.strip():
        return None  # JSON, or too much blank to tell: read whole
    f.seek(0)
    if mapping.encoding.replace("-", "").lower() not in ("utf8", "utf8sig"):
        encoding, errors = mapping.encoding, "surrogateescape"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # as decode_text reads them
        encoding, errors = "utf-16", "replace"
    else:
        encoding, errors = "utf-8-sig", "surrogateescape"
    text = io.TextIOWrapper(f, encoding=encoding, errors=errors, newline="")
    return _csv_rows(text, mapping)


_HEAD_BYTES = 4096  # what tells a JSON file from a CSV one: its first byte that is not blank


def _checked(ctx: ParseContext) -> Mapping:
    mapping = ctx.mapping
    if mapping.dates_from_snapshot and ctx.snapshot_time is None:
        raise UnreadableFile(
            f"{mapping.path} takes the publication date the file lacks from the snapshot's time: "
            "pass --as-of DATE (the day the export was made) or put a manifest.json with "
            "fetched_at beside the data"
        )
    return mapping


def _is_json(head: bytes, mapping: Mapping) -> bool:
    first = head.lstrip()[:1]
    return mapping.format == "json" or (mapping.format is None and first in (b"[", b"{"))


def _decoded(data: bytes, mapping: Mapping) -> str:
    if mapping.encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        return decode_text(data)
    return data.decode(mapping.encoding, "surrogateescape")


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


def _csv_rows(text: TextIO, mapping: Mapping) -> Iterator[tuple[str, object, None]]:
    """The rows of CSV text (read with newline=""), each a record or a Broken one."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # descriptions can exceed the 128 KiB default
    reader = csv.reader(text, delimiter=mapping.delimiter)
    header = [name.strip() for name in next(reader, [])]
    if not any(header):  # an empty file, or one of blank lines: no records
        return
    # A dotted column reads inside a cell: its first part must be in the header.
    missing = sorted(
        c for c in mapping.columns() if c not in header and c.partition(".")[0] not in header
    )
    if missing:
        hint = ""
        if has_bad_encoding("".join(header)):
            hint = (f"; the header is not {mapping.encoding} text: set `encoding` in the "
                    "mapping (e.g. \"cp1251\")")  # fmt: skip
        raise UnreadableFile(
            f"no column {', '.join(map(repr, missing))} named by {mapping.path}; the header "
            f"(delimiter {mapping.delimiter!r}) has: {', '.join(map(repr, header[:30]))}{hint}"
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
    vacancy_id = text(record, "id", mapping)
    if vacancy_id is None:
        raise RecordError("missing_id", _no_id(record, mapping))
    try:
        return _observation(record, vacancy_id, ctx)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc


def _observation(r: dict, vacancy_id: str, ctx: ParseContext) -> Observation:
    m = ctx.mapping
    title = text(r, "title", m)
    if title is None:
        raise RecordError("missing_title", f"no title in column {_columns(m, 'title')}")
    published_at = published(r, m, ctx.snapshot_time)
    low, high = bound(r, "pay_from", m), bound(r, "pay_to", m)
    currency, gross, period = text(r, "currency", m), vocabulary(r, "gross", m), None
    if low is None and high is None and "pay_text" in m.fields:
        stated = pay_from_text(r, m)
        if stated is not None:
            low, high, period = stated.low, stated.high, stated.period
            currency = stated.currency
            gross = stated.gross if stated.gross is not None else gross
    pay = common.monthly_pay(
        low, high, currency_code(currency), published_at, ctx.snapshot_rates,
        gross=gross, period=period or vocabulary(r, "period", m) or "month",
    )  # fmt: skip
    description = joined(r, "description", m)
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=description is not None,
        is_synthetic=ctx.is_synthetic,
        url=text(r, "url", m),
        title=title,
        employer_name=text(r, "employer", m),
        employer_id=text(r, "employer_id", m),
        area_name=text(r, "region", m),
        area_id=text(r, "region_id", m),
        published_at=published_at,
        **pay,
        schedule=vocabulary(r, "schedule", m),
        employment=vocabulary(r, "employment", m),
        experience=vocabulary(r, "experience", m),
        work_format=vocabulary(r, "work_format", m),
        night_shifts=vocabulary(r, "night_shifts", m),
        professional_roles=list_field(r, "professional_roles", m),
        key_skills=list_field(r, "key_skills", m),
        description_text=description,
        snippet_text=joined(r, "snippet", m),
        published_estimated=is_estimated(r, m),
    )


# Currency signs some exports write instead of a code; rouble spellings go through
# trudvsem's currency_code (руб., «руб.», ₽, р).
_SIGNS = {"$": "USD", "€": "EUR", "₸": "KZT", "£": "GBP", "¥": "CNY"}


def currency_code(value: str | None) -> str | None:
    """A code as posted ('RUR', 'KZT'); a sign or a rouble spelling as its code."""
    if value is None or (len(value) == 3 and value.isascii() and value.isalpha()):
        return value
    return _SIGNS.get(value.strip()) or trudvsem_currency(value)


def _no_id(record: dict, mapping: Mapping) -> str:
    spec = mapping.fields["id"]
    where = ", ".join(map(repr, spec.columns))
    if spec.pattern is None:
        return f"no id in column {where}"
    shown = next((str(v)[:120] for c in spec.columns if (v := column_value(record, c))), "")
    hint = " (an hh.ru ad redirect: such links carry no vacancy id)" if "adsrv." in shown else ""
    return f"no id matching {spec.pattern.pattern!r} in column {where}: {shown!r}{hint}"


def _columns(mapping: Mapping, name: str) -> str:
    return ", ".join(map(repr, mapping.fields[name].columns)) or "(none)"
