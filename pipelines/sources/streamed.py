"""The records of a snapshot file too large to read whole, for batches.file_row_batches: the
elements of its array window by window (json_stream.py), each split and decoded as the
whole-file reader does; what follows a break in the file is read the careful way.

Which array holds the records the parser itself says: the array the file opens (a top-level
one, or the one at the parser's STREAM_PAGE_PATH) is streamed only when, with a record put
first into it and the document closed, the parser's records_in finds that record and nothing
else; the rest of the document, once read, must say the same."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import msgspec
import orjson

from pipelines.core.json_salvage import Salvager
from pipelines.sources.framing import decode_text, json_values
from pipelines.sources.json_stream import BOM, Rest, elements, is_json_lines, openings

Candidate = tuple[str, object, bytes | None]  # JSON path, record, its JSON bytes when known
_POSITION = re.compile(r"^([\w.]*)\[(\d+)\]")


def decoded(where: str, record: bytes) -> Iterator[Candidate]:
    """One record's bytes decoded; bytes orjson refuses (text that is not UTF-8) are read the
    careful way and keep no bytes of their own."""
    try:
        yield where, orjson.loads(record), record
    except orjson.JSONDecodeError:
        for value in json_values(record):
            yield where, value, None


def records_of(values: Iterable, parser, location: str = "") -> Iterator[Candidate]:
    """The records the careful reader's values hold, as the parser's records_in finds them
    under `location`; they keep no bytes of their own (the raw layer re-serialises them)."""
    for value in values:
        for where, candidate in parser.records_in(value, location):
            yield where, candidate, None


def streamed_candidates(f: BinaryIO, parser, ctx: object = None) -> Iterator[Candidate] | None:
    """The file's records, read line by line (JSON Lines) or window by window (one array or
    page); None when this parser or the file's shape (gzip, UTF-16, a page whose records' array
    does not open near the start) asks for the whole-file reader.
    A parser streams by naming the path of a page's records array (STREAM_PAGE_PATH) and
    splitting an element into records as its raw_records_in does (element_records), or with a
    reader of its own (stream_candidates(f, ctx): Telegram exports, CSV files)."""
    own = getattr(parser, "stream_candidates", None)
    if own is not None:
        return own(f, ctx)
    path = getattr(parser, "STREAM_PAGE_PATH", None)
    if path is None:
        return None
    if is_json_lines(f):
        return _line_candidates(f, parser)
    for prefix in openings(f, path[-1]):
        top = prefix.removeprefix(BOM).strip(_WS) == b"["
        key = "" if top else ".".join(path)
        if _holds_records(parser, prefix, key, b"" if top else b"}" * len(path)):
            return _candidates(f, parser, prefix, key)
    return None


class NotAPage(ValueError):
    """What follows the streamed array changes what the document is (an "id" beside the
    page's array makes the page a record; a second array under the key replaces the first)."""


# Put first into the array, a record that every parser's records_in takes as one record (and
# that a second array under the key, later in the file, would replace).
PROBE = {"id": "\u0000payscope stream probe"}
PROBE_JSON = orjson.dumps(PROBE)
_WS = b" \t\r\n"


def _holds_records(parser, prefix: bytes, key: str, rest: bytes) -> bool:
    """Whether `prefix`, a record, `]` and `rest` make a document whose only record, as the
    parser's records_in finds them, is that record at the array's first place."""
    try:
        document = orjson.loads(prefix.removeprefix(BOM) + PROBE_JSON + b"]" + rest)
    except orjson.JSONDecodeError:
        return False
    return list(parser.records_in(document)) == [(f"{key}[0]", PROBE)]


def _line_candidates(f: BinaryIO, parser) -> Iterator[Candidate]:
    """JSON Lines, line by line: each line's records as the whole-file reader finds them in
    values back to back (records_in, no bytes of their own). From the first line that is not
    a value by itself (a broken line, a value over several lines), the rest of the file is read
    the careful way, as the whole-file reader reads it from there."""
    f.seek(0)
    offset = 0
    for number, line in enumerate(f, 1):
        value = _line_value(line)
        if value is _NOT_A_LINE:
            f.seek(offset)
            text = decode_text(b"\n" * (number - 1) + f.read())
            yield from records_of(Salvager(text).top_level(), parser)
            return
        offset += len(line)
        if value is not _BLANK:
            yield from records_of([value], parser)


_BLANK, _NOT_A_LINE = object(), object()


def _line_value(line: bytes) -> object:
    """The line's JSON value; _BLANK for an empty line; _NOT_A_LINE when orjson refuses it
    (the careful reader decides what it is: NaN, a huge number, a part of a value)."""
    text = line.strip(b" \t\r\n")
    if not text:
        return _BLANK
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _NOT_A_LINE


def _candidates(f: BinaryIO, parser, prefix: bytes, key: str) -> Iterator[Candidate]:
    for item in elements(f, prefix, key):
        if isinstance(item, Rest):
            yield from _after(item, parser)
            return
        location, element = item
        try:
            split = list(parser.element_records(element, location))
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
            # An element the splitter is not sure of ("items": 5, deep nesting): the careful
            # way, as the whole-file reader would read the file.
            yield from records_of(json_values(element), parser, location)
            continue
        for where, record in split:
            yield from decoded(where, record)


def _after(rest: Rest, parser) -> Iterator[Candidate]:
    """After the last whole element: nothing more when the array closed and the document with
    it as a page of records; NotAPage when the rest makes it something else; else the rest
    read the careful way."""
    where = f'"{rest.key}"' if rest.key else "the array"
    why = (f"what follows {where} makes the document no page of records "
           '(an "id" beside it, or a second array under its key)')  # fmt: skip
    if not closed(rest, lambda r: _holds_records(parser, r.prefix, r.key, r.data), why):
        yield from _careful(rest, parser)


def closed(rest: Rest, holds: Callable[[Rest], bool], why: str) -> bool:
    """Whether the array closed and the document with it as `holds` expects it to (nothing more
    to read). False when the rest is broken or inside the array: the careful reader reads it.
    NotAPage(`why`) when the rest is whole JSON that makes the document another."""
    if rest.inside:
        return False
    if holds(rest):
        return True
    try:
        orjson.loads(rest.prefix.removeprefix(BOM) + b"]" + rest.data)
    except orjson.JSONDecodeError:
        return False  # broken after the array: the careful reader reads what it can of the rest
    raise NotAPage(why)


def _careful(rest: Rest, parser) -> Iterator[Candidate]:
    """What follows the last whole element, read as the whole-file reader reads a broken file:
    as the rest of the array (or page) it is, paths numbered on from the elements before; or,
    after the array, as what follows an empty one. Blank lines in front keep the careful
    reader's line numbers those of the file."""
    for location, candidate, _ in records_of(json_values(careful_bytes(rest)), parser):
        yield numbered_on(location, rest.index), candidate, None


def careful_bytes(rest: Rest) -> bytes:
    """The rest after the file's own opening (and `]` after the array), blank lines in front
    so that line numbers are the file's; a byte order mark stays first, where it is read as one."""
    opening = rest.prefix if rest.inside else rest.prefix + b"]"
    lines = b"\n" * (rest.line - 1 - rest.prefix.count(b"\n"))
    bom = BOM if opening.startswith(BOM) else b""
    return bom + lines + opening.removeprefix(BOM) + rest.data


def numbered_on(location: str, first: int) -> str:
    """'items[3].x' → 'items[{first + 3}].x': a path in the rest as a path in the file."""
    match = _POSITION.match(location)
    if not match:
        return location
    return f"{match.group(1)}[{first + int(match.group(2))}]{location[match.end():]}"
