"""The records of a snapshot file too large to read whole, for batches.file_row_batches: the
elements of its array window by window (json_stream.py), each split and decoded as the
whole-file reader does; what follows a break in the file is read the careful way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import msgspec
import orjson

from pipelines.core.json_salvage import Salvager
from pipelines.sources.framing import decode_text, json_values
from pipelines.sources.json_stream import Rest, elements, is_json_lines, streamable

Candidate = tuple[str, object, bytes | None]  # JSON path, record, its JSON bytes when known
_POSITION = re.compile(r"^(\w*)\[(\d+)\]")


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


def streamed_candidates(f: BinaryIO, parser) -> Iterator[Candidate] | None:
    """The file's records, read line by line (JSON Lines) or window by window (one array or
    page); None when this parser or the file's shape (gzip, a BOM, a page whose first key is not
    the parser's) asks for the whole-file reader.
    A parser streams by naming its page key (STREAM_PAGE_KEY) and splitting an element into
    records as its raw_records_in does (element_records)."""
    key = getattr(parser, "STREAM_PAGE_KEY", None)
    if key is None:
        return None
    if is_json_lines(f):
        return _line_candidates(f, parser)
    if not streamable(f, key):
        return None
    return _candidates(f, parser)


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


def _candidates(f: BinaryIO, parser) -> Iterator[Candidate]:
    for item in elements(f):
        if isinstance(item, Rest):
            if item.data is not None:
                yield from _careful(item, parser)
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


def _careful(rest: Rest, parser) -> Iterator[Candidate]:
    """What follows the last whole element, read as the whole-file reader reads a broken file:
    as the rest of the array (or page) it is, paths numbered on from the elements before; or,
    after the array, as what follows an empty one. Blank lines in front keep the careful
    reader's line numbers those of the file."""
    assert rest.data is not None
    opening = b'{"' + rest.key.encode() + b'":[' if rest.key else b"["
    if not rest.inside:
        opening += b"]"
    lines = b"\n" * (rest.line - 1)
    for location, candidate, _ in records_of(json_values(lines + opening + rest.data), parser):
        yield _numbered_on(location, rest.index), candidate, None


def _numbered_on(location: str, first: int) -> str:
    """'items[3].x' → 'items[{first + 3}].x': a path in the rest as a path in the file."""
    match = _POSITION.match(location)
    if not match:
        return location
    return f"{match.group(1)}[{first + int(match.group(2))}]{location[match.end():]}"
