"""A mapped field of one row → its canonical value, as the mapping says (pure).

Each function takes the row (column → value), the field's name and the mapping, and raises
RecordError naming the column when the value cannot be read.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pipelines.normalise.pay_text import PayText, parse_pay_text
from pipelines.normalise.text import html_to_text, strip_tags
from pipelines.sources.csv import cells
from pipelines.sources.csv.mapping import VOCABULARIES, Field, Mapping
from pipelines.sources.hh.parse import work_format_of
from pipelines.sources.records import RecordError
from pipelines.sources.superjob.parse import parse_unix_time
from pipelines.sources.trudvsem.parse import parse_date

_GROSS_WORDS = {"gross": True, "net": False, "до вычета": True, "на руки": False}
# Fields whose unmapped value would make the pay wrong: the row is quarantined, not guessed.
_PAY_FIELDS = {"period": "unknown_pay_period", "gross": "bad_field"}
_DIGIT = re.compile(r"\d")


def raw(record: dict, name: str, mapping: Mapping) -> tuple[object, str | None]:
    """(value, the column it came from) for a field: the first column with a value (that the
    field's pattern matches, when it has one), else the fixed value or the default (column
    None); (None, None) when the mapping lacks the field."""
    spec = mapping.fields.get(name)
    if spec is None:
        return None, None
    if spec.value is not None:
        return spec.value, None
    for column in spec.columns:
        value = cells.column_value(record, column)
        if spec.pattern is not None and not cells.blank(value):
            value = _matched(spec.pattern, cells.as_text(value, column))
        if not cells.blank(value):
            return value, column
    return spec.default, None


def _matched(pattern: re.Pattern, value: str) -> str | None:
    found = pattern.search(value)
    if found is None:
        return None
    return next((g for g in found.groups() if g is not None), found.group(0))


def text(record: dict, name: str, mapping: Mapping) -> str | None:
    value, column = raw(record, name, mapping)
    return cells.as_text(value, column)


def joined(record: dict, name: str, mapping: Mapping) -> str | None:
    """Every column of a text field that has a value, one per line, as plain text: exports of
    API data keep its HTML (descriptions) and <highlighttext> tags (snippets)."""
    spec = mapping.fields.get(name)
    if spec is None:
        return None
    if spec.value is not None:
        return spec.value
    plain = html_to_text if name == "description" else strip_tags
    parts = [plain(cells.as_text(cells.column_value(record, c), c)) for c in spec.columns]
    return "\n".join(p for p in parts if p) or spec.default


def vocabulary(record: dict, name: str, mapping: Mapping) -> object:
    """A mapped value of a vocabulary field; None when the file's value is not in the map
    (a quarantine for the pay fields, whose guess would change the pay)."""
    value, column = raw(record, name, mapping)
    if value is None or column is None:
        return value
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        value = cells.structured(value, column)
    if isinstance(value, list | dict):
        value = _one_of(name, value)
        if value is None:
            return None
    if isinstance(value, bool) and VOCABULARIES[name] == (True, False):
        return value
    key = cells.key_text(cells.as_text(value, column) or "")
    spec: Field = mapping.fields[name]
    if key in spec.values:
        return spec.values[key]
    if VOCABULARIES[name] == (True, False):
        if name == "gross" and key in _GROSS_WORDS:
            return _GROSS_WORDS[key]
        if key in cells.BOOLEAN_WORDS:
            return cells.BOOLEAN_WORDS[key]
    found = next((v for v in VOCABULARIES[name] if str(v).casefold() == key), None)
    if found is None and name in _PAY_FIELDS:
        raise RecordError(
            _PAY_FIELDS[name], f"column {column!r}: {value!r} is not in the mapping's "
            f"fields.{name}.map (known: {', '.join(spec.values) or 'none'})",
        )  # fmt: skip
    return found


def _one_of(name: str, value: list | dict) -> object:
    """A list cell of a vocabulary field (hh's [{'id': 'REMOTE'}, {'id': 'HYBRID'}]) as one
    value: work formats combine as the hh source combines them, other fields take the first."""
    elements = value if isinstance(value, list) else [value]
    ids = [e.get("id") if isinstance(e, dict) else e for e in elements]
    ids = [i for i in ids if isinstance(i, str | bool) and i != ""]
    if name == "work_format":
        return work_format_of([i.upper() for i in ids if isinstance(i, str)], None)
    return ids[0] if ids else None


def list_field(record: dict, name: str, mapping: Mapping) -> list | None:
    """key_skills (names) or professional_roles (Role) from a list cell or separated text."""
    spec = mapping.fields.get(name)
    if spec is None:
        return None
    for column in spec.columns:
        values = cells.listed(cells.column_value(record, column), column, spec.separator)
        if values:
            return cells.roles(values) if name == "professional_roles" else cells.names(values)
    return None


def bound(record: dict, name: str, mapping: Mapping) -> float | int | None:
    """A pay bound as a number: '45 000', '45000,50' with decimal_comma; 0 → no bound."""
    value, column = raw(record, name, mapping)
    number = cells.number(value, column, mapping.decimal_comma)
    if number == 0:
        if mapping.zero_means_no_bound:
            return None
        raise RecordError(
            "bad_pay_value", f"column {column!r} is 0; if 0 means «not stated» in this file, set "
            "zero_means_no_bound = true in the mapping",
        )  # fmt: skip
    return number


def pay_from_text(record: dict, mapping: Mapping) -> PayText | None:
    """Pay written as text («от 200 000 до 350 000 ₽ за месяц, на руки») through the free-text
    pay parser; None for text without a figure («не указано», «по договорённости»); text with
    figures that the parser cannot read is quarantined rather than loaded without its pay."""
    value, column = raw(record, "pay_text", mapping)
    written = cells.as_text(value, column)
    if written is None:
        return None
    stated = parse_pay_text(written)
    if stated is None and _DIGIT.search(written):
        raise RecordError(
            "bad_pay_value", f"column {column!r}: no pay could be read from {written[:120]!r}"
        )
    return stated


def published(record: dict, mapping: Mapping, snapshot_time: datetime | None) -> datetime:
    """The publication date; the snapshot's time when the file gives none and the mapping says
    `missing = "snapshot"` (then the row counts as having an estimated date)."""
    value, column = raw(record, "published", mapping)
    if isinstance(value, datetime):  # the mapping's fixed date
        return value
    if value is None and mapping.dates_from_snapshot and snapshot_time is not None:
        return snapshot_time
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
        columns = ", ".join(map(repr, mapping.fields["published"].columns)) or "(none)"
        raise RecordError("bad_date", f"column {columns}: {shown}")
    return moment


def is_estimated(record: dict, mapping: Mapping) -> bool:
    """True when the row's publication date is the snapshot's time, not the file's."""
    if not mapping.dates_from_snapshot:
        return False
    value, _ = raw(record, "published", mapping)
    return value is None
