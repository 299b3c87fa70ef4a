"""Reading JSON value by value so that a broken value costs only itself: the salvager behind
framing.json_values for files that are not one valid document (cut, mixed, hand-edited)."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

_WS = re.compile(r"[ \t\n\r]*")
# Back-to-back values and JSON Lines start each value at the start of a line.
_TOP_LEVEL_START = re.compile(r"\n(?=[\[{])")
_SIBLING_START = re.compile(r",[ \t\n\r]*(?=[\[{])")
_MAX_RESYNC_TRIES = 5000
_SPAN_CHARS = 2000
_COMPLETE, _REPORTED, _FAILED = "complete", "reported", "failed"
# Containers nested deeper than this are not searched for records: a broken value so deep is
# lost whole, and the salvager's own recursion stays far from Python's limit.
_MAX_SALVAGE_DEPTH = 32
# Python refuses to turn more digits than this into an int (sys.get_int_max_str_digits).
_MAX_INT_DIGITS = 4000
# Keys under which pages hold their records (hh items, SuperJob objects, Trudvsem
# results.vacancies, Telegram messages, JSON-LD graphs): a page cut inside them keeps the
# records before the cut.
_RECORD_ARRAYS = frozenset({"items", "objects", "vacancies", "messages", "@graph"})
_RECORD_OBJECTS = frozenset({"results"})


@dataclass(frozen=True, slots=True)
class Broken:
    """A span of a file that could not be read as JSON, standing where its value would be."""

    reason: str  # 'invalid_json' | 'bad_encoding' | 'truncated_gzip'
    message: str
    line: int
    text: str  # the span, cut to a readable length


def has_bad_encoding(text: str) -> bool:
    """True when the text holds bytes that were not UTF-8 (decoded as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


class Salvager:
    """Reads values one at a time so that a broken one is reported and the rest still load."""

    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self.decode = _guarded(json.JSONDecoder(parse_int=_int).raw_decode)
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

    def container(self, pos: int, depth: int = 0) -> tuple[object | None, int, str]:
        """Salvage an array, or a page's records: (partial value or None, stop, state).

        state: _COMPLETE (closed cleanly), _REPORTED (ran to the end of the file, the
        breakage recorded inside the value) or _FAILED (stopped at `stop`, not yet reported).
        """
        if depth > _MAX_SALVAGE_DEPTH:
            return None, pos, _FAILED
        if self.text[pos] == "[":
            return self.array(pos, depth + 1)
        if self.text[pos] == "{":
            return self.page(pos, depth + 1)
        return None, pos, _FAILED

    def array(self, pos: int, depth: int = 0) -> tuple[list, int, str]:
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
                value, stop, state = self.container(i, depth)
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

    def page(self, pos: int, depth: int = 0) -> tuple[dict | None, int, str]:
        """A page (`{"items": [...]}`, `{"objects": …}`, `{"results": {"vacancies": …}}`) keeps
        its readable records; any other object is lost whole."""
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
                opens = self.text[i] if i < self.n else ""
                if key in _RECORD_ARRAYS and opens == "[":
                    page[key], i, state = self.array(i, depth + 1)
                elif key in _RECORD_OBJECTS and opens == "{" and depth <= _MAX_SALVAGE_DEPTH:
                    inner, i, state = self.page(i, depth + 1)
                    if inner is None:
                        break
                    page[key] = inner
                    if state == _FAILED:
                        return page, i, _FAILED
                else:
                    break
                if state == _REPORTED:
                    return page, i, _REPORTED
            i = self.ws(i)
            if i < self.n and self.text[i] == ",":
                i = self.ws(i + 1)
            elif not (i < self.n and self.text[i] == "}"):
                break
        salvaged = page.keys() & (_RECORD_ARRAYS | _RECORD_OBJECTS)
        return (page if salvaged else None), i, _FAILED


def _int(digits: str) -> int | float:
    """A JSON integer; one of thousands of digits becomes a float (inf) for the parsers to
    refuse as an absurd amount, instead of Python's ValueError for the whole file."""
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else float(digits)


def _guarded(decode):
    """raw_decode that reports nesting past Python's recursion limit and numbers it cannot
    convert as JSONDecodeError, like any other broken value."""

    def guarded(text: str, pos: int):
        try:
            return decode(text, pos)
        except json.JSONDecodeError:
            raise
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply to read", text, pos) from None
        except ValueError as exc:
            raise json.JSONDecodeError(f"a value that cannot be read ({exc})", text, pos) from None

    return guarded


def _alike(value: object, reference: object | None) -> bool:
    """Is `value` plausibly a sibling of `reference` (not a nested piece of a broken element)?"""
    if reference is None:
        return isinstance(value, list) or (isinstance(value, dict) and len(value) >= 3)
    if type(value) is not type(reference):
        return False
    if isinstance(value, dict):
        return len(value.keys() & reference.keys()) >= min(3, len(reference))
    return True
