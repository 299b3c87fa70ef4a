"""Where the records are in an hh.ru JSON document: search pages, detail documents, arrays of
either, as decoded values (records_in) or as each record's own bytes (raw_records_in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec


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


# A file too large to read whole is read as the elements of the array at this path of a page, or
# of a top-level array (sources/streamed.py).
STREAM_PAGE_PATH = ("items",)


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
            yield from element_records(bytes(element), f"{location}[{i}]")
        return
    if first == b"{":
        node = _NODE.decode(raw)
        if node.items is not None and node.id is msgspec.UNSET:
            prefix = f"{location}." if location else ""
            for i, element in enumerate(node.items):
                yield from element_records(bytes(element), f"{prefix}items[{i}]")
            return
    yield (location or "$"), raw


def element_records(raw: bytes, location: str) -> Iterator[tuple[str, bytes]]:
    """(JSON path, record bytes) of one element of an array: itself when it is a record, the
    records of a page or array it holds otherwise (as raw_records_in splits a document)."""
    # Raw values start at their first byte; an object without an "items" key is a record,
    # which saves decoding every record twice.
    if raw[:1] == b"{" and b'"items"' not in raw:
        yield location, raw
    else:
        yield from _raw_records(raw, location)

