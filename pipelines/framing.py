"""JSON values out of snapshot bytes: documents, back-to-back values, JSON Lines, gzip, salvaged."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

import orjson

from pipelines.gunzip import GZIP_MAGIC, TooLarge, UnpackLimits, gunzip

_WS = re.compile(r"[ \t\n\r]*")
# Back-to-back values and JSON Lines start each value at the start of a line.
_TOP_LEVEL_START = re.compile(r"\n(?=[\[{])")
_SIBLING_START = re.compile(r",[ \t\n\r]*(?=[\[{])")
_MAX_RESYNC_TRIES = 5000
_SPAN_CHARS = 2000
_COMPLETE, _REPORTED, _FAILED = "complete", "reported", "failed"
# A Python list or dict printed with repr(): an object whose first key is single-quoted.
_PYTHON_REPR = re.compile(r"[\[\s]*\{\s*'")
PYTHON_REPR_HINT = (
    "looks like Python repr, not JSON (single-quoted keys, True/None): convert it with "
    'python -c "import ast, json, sys; json.dump(ast.literal_eval(open(sys.argv[1], '
    "encoding='utf-8').read()), open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)\" "
    "IN.txt OUT.json"
)


class UnreadableFile(Exception):
    """The file holds nothing that can be read as JSON; the message says why."""


@dataclass(frozen=True, slots=True)
class Broken:
    """A span of a file that could not be read as JSON, standing where its value would be."""

    reason: str  # 'invalid_json' | 'bad_encoding' | 'truncated_gzip'
    message: str
    line: int
    text: str  # the span, cut to a readable length


def decompress(data: bytes, limits: UnpackLimits | None = None) -> tuple[bytes, Broken | None]:
    """Gunzip when the bytes are gzip (several members allowed); a cut stream keeps what it had.
    UnreadableFile past the unpacking limits (pipelines/gunzip.py, $PAYSCOPE_MAX_UNPACKED…)."""
    if not data.startswith(GZIP_MAGIC):
        return data, None
    try:
        unpacked = gunzip(data, limits)
    except TooLarge as exc:
        raise UnreadableFile(str(exc)) from None
    if unpacked.corrupt is not None:
        if not unpacked.data:
            raise UnreadableFile(f"not a valid gzip file ({unpacked.corrupt})")
        why = f"gzip data is corrupt ({unpacked.corrupt})"
        return unpacked.data, Broken("truncated_gzip", why, 0, "")
    if unpacked.cut:
        if not unpacked.data:
            raise UnreadableFile("a gzip file that ends or breaks before any data")
        note = "gzip stream ends early (truncated file?); the records before the cut were read"
        return unpacked.data, Broken("truncated_gzip", note, 0, "")
    return unpacked.data, None


def decode_text(data: bytes) -> str:
    """Bytes → text; bytes that are not UTF-8 survive as lone surrogates (see has_bad_encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8", "surrogateescape")


def json_values(data: bytes) -> list:
    """Every JSON value in the (already decompressed) bytes, with `Broken` for unreadable spans.

    One valid document takes the fast path; anything else is read value by value, and a
    broken value inside an array or a search page costs only that value.
    """
    try:
        return [orjson.loads(data)]
    except orjson.JSONDecodeError:
        pass
    text = decode_text(data)
    stripped = text.lstrip()
    if not stripped:
        return []
    if stripped[0] not in "[{":
        raise UnreadableFile("not JSON: the content does not start with '{' or '['")
    if _PYTHON_REPR.match(stripped):
        raise UnreadableFile(PYTHON_REPR_HINT)
    return _Salvager(text).top_level()


def has_bad_encoding(text: str) -> bool:
    """True when the text holds bytes that were not UTF-8 (decoded as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


class _Salvager:
    """Reads values one at a time so that a broken one is reported and the rest still load."""

    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self.decode = json.JSONDecoder().raw_decode
        self._newlines: list[int] | None = None

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def line(self, pos: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, pos) + 1

    def broken(self, start: int, end: int | None, why: str) -> Broken:
        span = self.text[start : self.n if end is None else end].strip()
        if len(span) > _SPAN_CHARS:
            span = span[:_SPAN_CHARS] + " …"
        reason = "bad_encoding" if has_bad_encoding(span) else "invalid_json"
        return Broken(reason, why, self.line(start), span)

    def line_start_column(self, pos: int) -> int | None:
        """The column of `pos` when only white space precedes it on its line, else None."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        if line_start == 0 or self.text[line_start:pos].strip():
            return None
        return pos - line_start

    def error_text(self, pos: int) -> str:
        try:
            self.decode(self.text, pos)
        except json.JSONDecodeError as exc:
            # A string can only be unterminated at the end of the text (a raw newline is an
            # error of its own), but the decoder reports it at the opening quote.
            if exc.pos >= self.n or exc.msg == "Unterminated string starting at":
                return "the file ends inside this value (truncated?)"
            return f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        return "unexpected text"

    def top_level(self) -> list:
        out: list = []
        pos = self.ws(0)
        while pos < self.n:
            try:
                value, end = self.decode(self.text, pos)
            except json.JSONDecodeError:
                value, end, state = self.container(pos)
                if value is not None:
                    out.append(value)
                if state == _COMPLETE:
                    pos = self.ws(end)
                    continue
                if state == _REPORTED:
                    break
                failed_at = pos if value is None else end
                match = _TOP_LEVEL_START.search(self.text, max(failed_at, pos + 1))
                resume = match.end() if match else None
                out.append(self.broken(failed_at, resume, self.error_text(failed_at)))
                if resume is None:
                    break
                pos = resume
                continue
            out.append(value)
            pos = self.ws(end)
        return out

    def container(self, pos: int) -> tuple[object | None, int, str]:
        """Salvage an array, or a search page's `items`: (partial value or None, stop, state).

        state: _COMPLETE (closed cleanly), _REPORTED (ran to the end of the file, the
        breakage recorded inside the value) or _FAILED (stopped at `stop`, not yet reported).
        """
        if self.text[pos] == "[":
            return self.array(pos)
        if self.text[pos] == "{":
            return self.page(pos)
        return None, pos, _FAILED

    def array(self, pos: int) -> tuple[list, int, str]:
        items: list = []
        i = self.ws(pos + 1)
        if i < self.n and self.text[i] == "]":
            return items, i + 1, _COMPLETE
        while i < self.n:
            start = i
            try:
                value, i = self.decode(self.text, i)
                items.append(value)
            except json.JSONDecodeError:
                value, stop, state = self.container(i)
                if value is not None:
                    items.append(value)
                if state == _REPORTED:
                    return items, self.n, _REPORTED
                if state == _FAILED:
                    if value is not None:
                        start = stop
                    resume = self.resync(start, items)
                    items.append(self.broken(start, resume, self.error_text(start)))
                    if resume is None:
                        return items, self.n, _REPORTED
                    i = resume
                    continue
                i = stop
            i = self.ws(i)
            if i < self.n and self.text[i] == ",":
                i = self.ws(i + 1)
            elif i < self.n and self.text[i] == "]":
                return items, i + 1, _COMPLETE
            elif i < self.n:
                resume = self.resync(i, items)
                items.append(self.broken(i, resume, "expected ',' or ']' between array elements"))
                if resume is None:
                    return items, self.n, _REPORTED
                i = resume
        why = "the file ends before this array is closed (truncated?)"
        items.append(self.broken(pos, pos, why))
        return items, self.n, _REPORTED

    def resync(self, pos: int, siblings: list) -> int | None:
        """The start of the next element like its siblings after a broken one, or None."""
        reference = next((s for s in siblings if not isinstance(s, Broken)), None)
        # In pretty-printed files siblings share an indentation, which nested pieces do not.
        column = self.line_start_column(pos)
        for tries, match in enumerate(_SIBLING_START.finditer(self.text, pos + 1)):
            if tries >= _MAX_RESYNC_TRIES:
                return None
            start = match.end()
            if column is not None and self.line_start_column(start) != column:
                continue
            try:
                value, end = self.decode(self.text, start)
            except json.JSONDecodeError:
                continue
            after = self.ws(end)
            if after < self.n and self.text[after] not in ",]":
                continue
            if _alike(value, reference):
                return start
        return None

    def page(self, pos: int) -> tuple[dict | None, int, str]:
        """A `{"items": [...]}` page keeps its readable items; any other object is lost whole."""
        page: dict = {}
        i = self.ws(pos + 1)
        while i < self.n:
            if self.text[i] == "}":
                return page, i + 1, _COMPLETE
            try:
                key, i = self.decode(self.text, i)
            except json.JSONDecodeError:
                break
            i = self.ws(i)
            if not isinstance(key, str) or i >= self.n or self.text[i] != ":":
                break
            i = self.ws(i + 1)
            try:
                page[key], i = self.decode(self.text, i)
            except json.JSONDecodeError:
                if key != "items" or i >= self.n or self.text[i] != "[":
                    break
                page[key], i, state = self.array(i)
                if state == _REPORTED:
                    return page, i, _REPORTED
            i = self.ws(i)
            if i < self.n and self.text[i] == ",":
                i = self.ws(i + 1)
            elif not (i < self.n and self.text[i] == "}"):
                break
        return (page if "items" in page else None), i, _FAILED


def _alike(value: object, reference: object | None) -> bool:
    """Is `value` plausibly a sibling of `reference` (not a nested piece of a broken element)?"""
    if reference is None:
        return isinstance(value, list) or (isinstance(value, dict) and len(value) >= 3)
    if type(value) is not type(reference):
        return False
    if isinstance(value, dict):
        return len(value.keys() & reference.keys()) >= min(3, len(reference))
    return True
