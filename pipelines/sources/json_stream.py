"""The elements of one large JSON array read window by window, so that a file far larger than
memory is never held whole: a top-level array, or the array that holds a page's records
(hh.ru's `{"items": [...], "found": …}`, Trudvsem's `{"meta": …, "results": {"vacancies": [...]}}`).
Which `[` opens that array the caller decides among the candidates `openings` offers.

Each window of the file is cut after its last whole element. Where that is is not guessed: a
cut is tried before a separator (a comma, or the array's closing bracket) and kept only when
what precedes it decodes as JSON elements. A cut inside an element leaves a bracket or a string
open, which never decodes, so the elements come out exactly as a whole-file decode would split
them. The rest of the file after a point no window can be cut at (a truncated download, a
broken element) is handed back as bytes for the careful reader, which salvages what it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import msgspec

WINDOW_BYTES = 32 * 2**20
# An element larger than this (a single vacancy of hundreds of MB) ends the streaming: the rest
# goes to the careful reader, which reads it whole.
MAX_WINDOW_BYTES = 256 * 2**20
_CUT_TRIES = 32  # cuts tried per window before it is given up as broken
# The records' array must open within this many bytes of the file's start (after a page's
# other keys: its query, counts and metadata).
_HEAD_BYTES = 2**20
_LINE_HEAD_BYTES = 2**20  # a first line longer than this is not taken for JSON Lines

_ELEMENTS = msgspec.json.Decoder(list[msgspec.Raw])
_WS = b" \t\r\n"
BOM = b"\xef\xbb\xbf"  # UTF-8's byte order mark, which some Windows tools write
# What a decode of a candidate cut may fail with: not JSON there, or nested past msgspec's depth
# (the careful reader then reads it, as it reads such a file whole).
_UNSURE = (msgspec.DecodeError, msgspec.ValidationError, RecursionError)


@dataclass(frozen=True)
class Rest:
    """What follows the last element read: `data` to read the careful way, from byte `offset`
    (on line `line`), where element `index` would start; `inside` tells whether `data` starts
    inside the array or after its closing bracket (then it is the rest of the document, which
    the caller checks: a page's other keys and closing braces, or nothing)."""

    key: str  # the array's path: '' for a top-level array, 'items', 'results.vacancies'
    prefix: bytes  # the file up to and including the array's opening bracket
    offset: int
    line: int
    index: int
    data: bytes
    inside: bool = True


def openings(f: BinaryIO, last_key: str) -> Iterator[bytes]:
    """Where the records' array may open: the file's bytes up to and including the `[` of a
    top-level array, else of each `"last_key": [` within the file's first bytes, in order (a
    UTF-8 byte order mark in front is part of them). Nothing for any other start (a number,
    gzip, UTF-16): the file is read whole."""
    f.seek(0)
    head = f.read(_HEAD_BYTES)
    start = _skip(head, len(BOM) if head.startswith(BOM) else 0, b"")
    first = head[start : start + 1]
    if first == b"[":
        yield head[: start + 1]
    elif first == b"{":
        key = re.compile(rb'"' + re.escape(last_key.encode()) + rb'"[ \t\r\n]*:[ \t\r\n]*\[')
        for match in key.finditer(head, start):
            yield head[: match.end()]


def is_json_lines(f: BinaryIO) -> bool:
    """Whether the file starts with a line that is a whole JSON object or array by itself and
    goes on after it: JSON Lines, or documents back to back, one a line."""
    f.seek(0)
    head = f.read(_LINE_HEAD_BYTES)
    end = head.find(b"\n")
    first = head[:end].strip(_WS) if end >= 0 else b""
    if first[:1] not in (b"{", b"[") or not head[end:].strip(_WS):
        return False
    try:
        msgspec.json.decode(first)
    except _UNSURE:
        return False
    return True


def elements(
    f: BinaryIO, prefix: bytes, key: str, window: int | None = None
) -> Iterator[tuple[str, bytes] | Rest]:
    """(JSON path, element bytes) for each element of the array that `prefix` opens, then one
    Rest: after a break, or after the array (its `data` what follows the closing bracket)."""
    window = window or WINDOW_BYTES
    pos, index, size = len(prefix), 0, window
    line = 1 + prefix.count(b"\n")
    while True:
        f.seek(pos)
        buf = f.read(size)
        start = _skip(buf, 0, b"," if index else b"")
        if start < len(buf) and buf[start : start + 1] == b"]":
            line += buf.count(b"\n", 0, start + 1)
            yield Rest(key, prefix, pos + start + 1, line, index, _rest(f, pos + start + 1), False)
            return
        cut = _cut(buf, start)
        if cut is None:
            if len(buf) == size and size < MAX_WINDOW_BYTES:
                size *= 2  # an element larger than the window
                continue
            line += buf.count(b"\n", 0, start)
            yield Rest(key, prefix, pos + start, line, index, _rest(f, pos + start))
            return
        end, found = cut
        for element in found:
            yield f"{key}[{index}]", bytes(element)
            index += 1
        line += buf.count(b"\n", 0, end)
        pos, size = pos + end, window


def _skip(buf: bytes, at: int, separator: bytes) -> int:
    """The index of the first byte after whitespace and, when given, one separator."""
    while at < len(buf) and buf[at] in _WS:
        at += 1
    if separator and buf[at : at + 1] == separator:
        at += 1
        while at < len(buf) and buf[at] in _WS:
            at += 1
    return at


def _cut(buf: bytes, start: int) -> tuple[int, list[msgspec.Raw]] | None:
    """(the index of the separator after the last whole element in buf[start:], the elements
    before it), or None. A cut is tried before a `,` or a `]` and kept when what precedes it
    decodes as elements: before a comma or bracket inside an element, a bracket or a string is
    left open and nothing decodes.

    Each cut tried costs a decode of the window, and most commas are inside elements: cuts
    before what starts the way the window's first element did (records of one file start
    alike, `{"id"` for hh.ru) are tried first, then any other."""
    element_start = _element_start(buf, start)
    tried = 0
    for hinted in (True, False):
        at = len(buf)
        while tried < _CUT_TRIES:
            at = max(buf.rfind(b",", start, at), buf.rfind(b"]", start, at))
            if at <= start:
                break
            if hinted and not (buf[at : at + 1] == b"," and _starts(buf, at + 1, element_start)):
                continue
            tried += 1
            try:
                found = _ELEMENTS.decode(b"[" + buf[start:at] + b"]")
            except _UNSURE:
                continue
            if found:
                return at, found
    return None


def _element_start(buf: bytes, at: int) -> bytes:
    """How the element at `at` begins: `{"id"` for an object (its first key, whitespace left
    out), else its first byte."""
    if buf[at : at + 1] != b"{":
        return buf[at : at + 1]
    key = _skip(buf, at + 1, b"")
    end = buf.find(b'"', key + 1) + 1 if buf[key : key + 1] == b'"' else 0
    return b"{" + buf[key:end] if 0 < end - key <= 64 else b"{"


def _starts(buf: bytes, at: int, prefix: bytes) -> bool:
    """Whether an element begins at `at` (after whitespace) the way `prefix` does."""
    return _element_start(buf, _skip(buf, at, b"")) == prefix


def _rest(f: BinaryIO, offset: int) -> bytes:
    f.seek(offset)
    return f.read()
