"""One cell of a CSV row or one value of a JSON record → text, number, list or nested value (pure).

CSV exports of API data often keep the API's objects inside cells as Python repr
(`{'from': 100000, 'to': None, 'currency': 'RUR'}`) or JSON. A dotted column (`salary.from`,
`work_format.0.id`) reads inside such a cell: it is parsed with `ast.literal_eval`, which
accepts literals only and never runs code, or as JSON when that fails.
"""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache

from pipelines.sources import common
from pipelines.sources.records import RecordError, Role

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_ANY_SPACE = re.compile(r"[\s\u00a0\u202f\u2009]+")
# Thousands separators are accepted only in groups of three: '45,000' but never '45,5'.
_GROUPED = {False: re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"),
            True: re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")}  # fmt: skip
# A cell longer than this is not read as a nested value: literal_eval's cost grows with it.
_MAX_STRUCTURED = 200_000
_UNREADABLE = object()
BOOLEAN_WORDS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False,
                 "да": True, "нет": False}  # fmt: skip


def column_value(record: dict, column: str) -> object:
    """A column's value; a dotted name reaches inside objects and arrays ('salary.from',
    'work_format.0.id'), also inside a cell holding a Python repr or JSON text."""
    if column in record:
        return record[column]
    head, _, rest = column.partition(".")
    if not rest or head not in record:
        return None
    value = record[head]
    for part in rest.split("."):
        if isinstance(value, str):
            value = structured(value, head)
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        else:
            return None
    return value


def structured(text: str, column: str) -> object:
    """A cell's text as the nested value it spells; blank → None; RecordError when the text is
    neither a Python literal nor JSON."""
    if blank(text):
        return None
    value = _literal(text.strip())
    if value is _UNREADABLE:
        raise RecordError(
            "bad_field", f"column {column!r}: {text[:80]!r} is neither a Python literal nor JSON, "
            "so the mapping cannot read inside it",
        )  # fmt: skip
    return value


@lru_cache(maxsize=4096)  # several fields read the same cell ('salary.from', 'salary.to', …)
def _literal(text: str) -> object:
    if len(text) > _MAX_STRUCTURED:
        return _UNREADABLE
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _UNREADABLE


def listed(value: object, column: str | None, separator: str | None) -> list | None:
    """A list cell: a list already, a Python/JSON list in text, or text split at `separator`."""
    if blank(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text[:1] == "[":
            value = structured(text, column)
        elif separator is not None:
            return [part.strip() for part in text.split(separator) if part.strip()]
        else:
            return [text]
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        return [value]
    return value


def names(values: list | None) -> list[str] | None:
    """Skill names: text elements, or the `name` of object elements."""
    found = [
        text
        for v in values or ()
        if (text := common.text(v.get("name") if isinstance(v, dict) else v if isinstance(v, str)
                                else None))
    ]  # fmt: skip
    return found or None


def roles(values: list | None) -> list[Role] | None:
    """Professional roles: {'id', 'name'} objects, or names alone."""
    found = []
    for v in values or ():
        if isinstance(v, dict):
            role = Role(common.id_text(v.get("id")), common.text(v.get("name")))
        else:
            role = Role(None, common.text(v) if isinstance(v, str) else None)
        if role.id or role.name:
            found.append(role)
    return found or None


def as_text(value: object, column: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise RecordError(
            "bad_field", f"column {column!r} holds {common.kind(value)}, not text; name a field "
            f"inside it (e.g. '{column}.name')",
        )  # fmt: skip
    return str(value).strip() or None


def as_bool(value: object, column: str | None) -> bool | None:
    """True/False, 'True', 'false', '1', 'да', …; RecordError for other text."""
    if value is None or isinstance(value, bool):
        return value
    key = key_text(as_text(value, column) or "")
    if not key:
        return None
    if key not in BOOLEAN_WORDS:
        raise RecordError("bad_field", f"column {column!r}: {value!r} is not true or false")
    return BOOLEAN_WORDS[key]


def key_text(text: str) -> str:
    """Text as map keys compare it: case-folded, any run of spaces (also no-break) one space."""
    return _ANY_SPACE.sub(" ", text).strip().casefold()


def number(value: object, column: str | None, decimal_comma: bool) -> float | int | None:
    """'45 000', '45,000', '45000.0', '45000,50' (decimal_comma) → a number; blank → None."""
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


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
