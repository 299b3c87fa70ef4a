"""A column mapping (TOML) for CSV or flat JSON exports, read and checked before any data."""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.features.records import EMPLOYMENT, EXPERIENCE
from pipelines.normalise.pay import PERIODS
from pipelines.sources.csv.cells import key_text
from pipelines.sources.trudvsem.parse import parse_date

SOURCE_PREFIX = "csv:"
# Canonical vocabularies of the observation columns (docs/schema.md).
SCHEDULES = ("fullDay", "shift", "flexible", "remote", "flyInFlyOut")
WORK_FORMATS = ("remote", "hybrid", "on_site", "field_work")
VOCABULARIES: dict[str, tuple] = {
    "schedule": SCHEDULES,
    "employment": EMPLOYMENT,
    "experience": EXPERIENCE,
    "work_format": WORK_FORMATS,
    "period": PERIODS,
    "gross": (True, False),
    "night_shifts": (True, False),
}
# published.missing: what stands in for a date the file does not give.
SNAPSHOT = "snapshot"
# Field → the keys its spec may hold. `column` (or `columns`, the first that has a value; text
# fields join them all), `default` when the columns are empty, `value` instead of a column,
# `map` from the file's values to the vocabulary, `format` of a date (strptime, or "unix"),
# `pattern` a regular expression whose first group (or whole match) is the value, `separator`
# of a list written as text, `missing = "snapshot"`: a date the file lacks is the snapshot's.
_TEXT_KEYS = ("column", "columns", "default", "value", "pattern")
_VOCABULARY_KEYS = ("column", "columns", "default", "value", "map", "pattern")
_LIST_KEYS = ("column", "columns", "separator")
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("column", "columns", "pattern"),
    "title": _TEXT_KEYS,
    "url": _TEXT_KEYS,
    "employer": _TEXT_KEYS,
    "employer_id": _TEXT_KEYS,
    "region": _TEXT_KEYS,
    "region_id": _TEXT_KEYS,
    "description": _TEXT_KEYS,
    "snippet": _TEXT_KEYS,
    "pay_from": ("column", "columns"),
    "pay_to": ("column", "columns"),
    "pay_text": ("column", "columns"),  # «от 40 000 до 60 000 ₽ за месяц, на руки»
    "currency": _TEXT_KEYS,
    "gross": _VOCABULARY_KEYS,
    "period": _VOCABULARY_KEYS,
    "published": ("column", "columns", "format", "value", "missing"),
    **{name: _VOCABULARY_KEYS for name in ("schedule", "employment", "experience", "work_format")},
    "night_shifts": _VOCABULARY_KEYS,
    "key_skills": _LIST_KEYS,
    "professional_roles": _LIST_KEYS,
}
REQUIRED = ("id", "title", "published")
_TOP_KEYS = (
    "source", "format", "records", "delimiter", "encoding", "zero_means_no_bound",
    "decimal_comma", "fields",
)  # fmt: skip
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,40}$")
_RECORD_STEP = re.compile(r"\[\]|\*|[^.\[\]*]+")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Field:
    """Where one canonical field comes from (see FIELDS for what each key means)."""

    columns: tuple[str, ...] = ()
    default: object = None
    value: object = None
    values: dict = field(default_factory=dict)  # case-folded file value → canonical value
    format: str | None = None
    pattern: re.Pattern | None = None
    separator: str | None = None
    missing: str | None = None  # published: SNAPSHOT, or None = quarantine the row


@dataclass(frozen=True, slots=True)
class Mapping:
    """A checked mapping file: the stored source name, how to read the file, the fields."""

    path: str
    source: str  # as stored in the warehouse: 'csv:<name>'
    format: str | None  # 'csv' | 'json' | None = decided by the file's first character
    records: tuple[str, ...]  # JSON steps to the records: '[]' each element, '*' each member
    delimiter: str
    encoding: str
    zero_means_no_bound: bool
    decimal_comma: bool
    fields: dict[str, Field]

    def columns(self) -> set[str]:
        """Every column the mapping reads."""
        return {c for spec in self.fields.values() for c in spec.columns}

    @property
    def dates_from_snapshot(self) -> bool:
        """True when a row without a publication date takes the snapshot's time."""
        return self.fields["published"].missing == SNAPSHOT


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; raises MappingError naming the file and the key."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: not valid TOML ({exc})") from exc
    return parse_mapping(document, str(path))


def parse_mapping(document: dict, path: str = "mapping") -> Mapping:
    """A decoded TOML document → Mapping (pure); raises MappingError."""

    def fail(key: str, message: str) -> MappingError:
        return MappingError(f"{path}: {key}: {message}")

    _no_unknown(document, _TOP_KEYS, "", fail)
    name = document.get("source")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("source", "required: a short lower-case name (letters, digits, _ . -), "
                   f"stored as {SOURCE_PREFIX}<name>; got {name!r}")  # fmt: skip
    fmt = _choice(document, "format", ("csv", "json"), None, fail)
    delimiter = document.get("delimiter", ",")
    if delimiter == "\\t":
        delimiter = "\t"
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise fail("delimiter", f"one character (',', ';', '\\t'); got {delimiter!r}")
    encoding = document.get("encoding", "utf-8")
    try:
        # base64, rot13, zlib… are codecs but not text encodings: bytes.decode refuses them.
        known = codecs.lookup(encoding)._is_text_encoding
    except (LookupError, TypeError):
        known = False
    if not known:
        raise fail("encoding", f"unknown encoding {encoding!r} (utf-8, cp1251, …)")
    records = document.get("records", "")
    if not isinstance(records, str):
        raise fail("records", f'a path such as "[].vacancies[]"; got {records!r}')
    steps = tuple(_RECORD_STEP.findall(records.strip().removeprefix("$").lstrip(".")))
    fields_table = document.get("fields")
    if not isinstance(fields_table, dict):
        raise fail("[fields]", "required: a table naming the column of each field")
    _no_unknown(fields_table, tuple(FIELDS), "fields.", fail)
    fields = {
        name: _field(name, spec, lambda key, message, n=name: fail(f"fields.{n}{key}", message))
        for name, spec in fields_table.items()
    }
    for required in REQUIRED:
        spec = fields.get(required)
        if spec is None or not (spec.columns or spec.value is not None or spec.missing):
            raise fail(f"fields.{required}", "required: name its column")
    return Mapping(
        path=path,
        source=SOURCE_PREFIX + name,
        format=fmt,
        records=steps,
        delimiter=delimiter,
        encoding=encoding,
        zero_means_no_bound=_flag(document, "zero_means_no_bound", True, fail),
        decimal_comma=_flag(document, "decimal_comma", False, fail),
        fields=fields,
    )


def _field(name: str, spec: object, fail) -> Field:
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise fail("", f'a column name or a table ({{ column = "…" }}); got {spec!r}')
    _no_unknown(spec, FIELDS[name], ".", fail)
    columns = spec.get("columns", [spec["column"]] if "column" in spec else [])
    if not isinstance(columns, list) or not all(isinstance(c, str) and c for c in columns):
        raise fail(".column", f"column names (text); got {columns!r}")
    if columns and "value" in spec:
        raise fail(".value", "a fixed value replaces the column: give one or the other")
    vocabulary = VOCABULARIES.get(name)
    values = {}
    value_map = spec.get("map", {})
    if not isinstance(value_map, dict):
        raise fail(".map", f"a table of file value = canonical value; got {value_map!r}")
    for raw, canonical in value_map.items():
        if not _in_vocabulary(canonical, vocabulary):
            raise fail(f".map.{raw}", f"{canonical!r} is not one of {_listed(vocabulary)}")
        values[key_text(raw)] = canonical
    fixed = {}
    for key in ("default", "value"):
        if key in spec:
            fixed[key] = _fixed(name, spec[key], vocabulary, lambda m, k=key: fail(f".{k}", m))
    fmt = spec.get("format")
    if fmt is not None and not isinstance(fmt, str):
        raise fail(".format", f'a strptime format such as "%d.%m.%Y", or "unix"; got {fmt!r}')
    return Field(
        tuple(columns), fixed.get("default"), fixed.get("value"), values, fmt,
        _pattern(spec, fail), _separator(spec, fail), _missing(spec, fail),
    )  # fmt: skip


def _pattern(spec: dict, fail) -> re.Pattern | None:
    if "pattern" not in spec:
        return None
    try:
        return re.compile(spec["pattern"])
    except (re.error, TypeError) as exc:
        raise fail(".pattern", f"not a regular expression ({exc})") from None


def _separator(spec: dict, fail) -> str | None:
    separator = spec.get("separator")
    if separator is not None and not (isinstance(separator, str) and separator):
        raise fail(".separator", f'text such as ", " or ";"; got {separator!r}')
    return separator


def _missing(spec: dict, fail) -> str | None:
    missing = spec.get("missing")
    if missing is not None and missing != SNAPSHOT:
        raise fail(".missing", f'"{SNAPSHOT}" (the snapshot\'s time stands in); got {missing!r}')
    if missing and "value" in spec:
        raise fail(".missing", "a fixed value leaves nothing missing: give one or the other")
    return missing


def _fixed(name: str, value: object, vocabulary: tuple | None, fail) -> object:
    if name == "published":
        moment = parse_date(value) if isinstance(value, str) else None
        if isinstance(value, datetime):
            moment = value
        if moment is None:
            raise fail(f'an ISO 8601 date such as "2024-03-26"; got {value!r}')
        return moment
    if vocabulary is not None:
        if not _in_vocabulary(value, vocabulary):
            raise fail(f"{value!r} is not one of {_listed(vocabulary)}")
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise fail(f"text; got {value!r}")
    return str(value)


def _in_vocabulary(value: object, vocabulary: tuple) -> bool:
    """Exact membership: 1 and 0 are not true and false."""
    return any(value == v and type(value) is type(v) for v in vocabulary)


def _choice(document: dict, key: str, allowed: tuple, default, fail):
    value = document.get(key, default)
    if value is not default and value not in allowed:
        raise fail(key, f"{value!r} is not one of {_listed(allowed)}")
    return value


def _flag(document: dict, key: str, default: bool, fail) -> bool:
    value = document.get(key, default)
    if not isinstance(value, bool):
        raise fail(key, f"true or false; got {value!r}")
    return value


def _no_unknown(table: dict, known: tuple[str, ...], prefix: str, fail) -> None:
    for key in table:
        if key not in known:
            raise fail(f"{prefix}{key}", f"unknown key; known: {_listed(known)}")


def _listed(values) -> str:
    return ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in values)
