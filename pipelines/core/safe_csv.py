"""CSV files people open in a spreadsheet: text cells that would run as formulas are neutralised.

OWASP's CSV-injection advice: a cell starting with =, +, -, @, tab or carriage return is a
formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` phones home, `+cmd|' /C calc'!A0`
ran programs through DDE), so such text gets a leading apostrophe, which every spreadsheet shows
as text. Numbers stay numbers: numeric columns are left alone, and so is text that is just a
number («-5», «+7.5»). Fullwidth ＝＋－＠ count too (some spreadsheets turn them into formulas).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

_FORMULA_START = re.compile(r"[ \u00a0]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would evaluate, prefixed with ' ; anything else as it is."""
    if not isinstance(value, str) or not _FORMULA_START.match(value):
        return value
    return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell neutralised (column headers too); numeric, date
    and boolean columns are left as they are."""
    out = frame.copy()
    out.columns = [neutralise(c) for c in out.columns]
    for i in range(out.shape[1]):  # by position: header names need not be unique
        column = out.iloc[:, i]
        if not _is_numeric(column):
            out.isetitem(i, column.map(neutralise, na_action="ignore"))
    return out


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)


# RFC 4180 line ends: with "\n" alone the csv module would leave a bare "\r" inside a cell
# unquoted, and readers would split the row there.
_LINE_END = "\r\n"


def csv_bytes(frame: pd.DataFrame, bom: bool = True) -> bytes:
    """`frame` as a neutralised CSV download (no index); UTF-8 with a BOM so Excel reads
    Cyrillic."""
    text = neutralise_frame(frame).to_csv(index=False, lineterminator=_LINE_END)
    return text.encode("utf-8-sig" if bom else "utf-8")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """`frame` neutralised into a CSV file (UTF-8, no index), for commands that write one."""
    neutralise_frame(frame).to_csv(path, index=False, lineterminator=_LINE_END)
