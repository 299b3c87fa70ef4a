"""Text from files and the network made safe to print on a terminal: no markup, no control codes.

Everything a command prints that came from data (ids, titles, file names, quarantine messages,
error texts, server replies) goes through `visible` (plain output) or `markup` (rich output).
"""

from __future__ import annotations

import logging
import re

from rich.markup import escape

# C0 controls but tab and newline, DEL, C1 controls (0x9b is an 8-bit CSI, 0x9d an OSC), the
# bidirectional overrides and isolates (they make text read differently from its bytes) and
# lone surrogates (bytes that were not UTF-8, which print() cannot even encode).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_ONE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n\t]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(match.group(), f"\\x{code:02x}")
    return f"\\u{code:04x}"


def visible(text: object, one_line: bool = True) -> str:
    """`text` with every control character shown as its escape (ESC → `\\x1b`): escape sequences,
    OSC 8 hyperlinks, bells and bidi overrides print as harmless literal text. With `one_line`,
    newlines and tabs are shown as `\\n` / `\\t` too, so that data cannot forge extra lines."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(_shown, str(text))


def markup(text: object, one_line: bool = True) -> str:
    """`visible(text)` escaped for rich markup: `[/bold]` or `[link=…]` print literally."""
    return escape(visible(text, one_line))


def echo(text: object) -> None:
    """print() for lines that hold data: newlines kept, every other control shown escaped."""
    print(visible(text, one_line=False))


class VisibleFormatter(logging.Formatter):
    """Log lines (message and traceback) with control characters shown escaped, for the
    terminal and the log file alike: a log is read with `tail` or `less -R` too."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record), one_line=False)
