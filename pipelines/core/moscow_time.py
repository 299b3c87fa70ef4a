"""Moments as people read them here: Moscow time, to the minute or second, no microseconds (pure).

The warehouse keeps naive UTC (pipelines/sources/hh/parse.py); model cards keep ISO text with an
offset. Every page and command shows them through `moscow_text`, so one moment reads the same
everywhere.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    MOSCOW = ZoneInfo("Europe/Moscow")
except (ImportError, ZoneInfoNotFoundError):  # no tz database: UTC+3, Moscow's offset since 2014
    MOSCOW = timezone(timedelta(hours=3), "MSK")

MINUTES = "%d.%m.%Y %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"
DAY = "%d.%m.%Y"


def to_moscow(moment: datetime | date | str | None) -> datetime | None:
    """A moment → an aware datetime in Moscow time without microseconds; None stays None.
    Naive datetimes are UTC (the warehouse's convention); ISO text is parsed first."""
    if moment is None or _missing(moment):
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    pd = sys.modules.get("pandas")  # a pandas value means pandas is loaded (see _missing)
    if pd is not None and isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    if not isinstance(moment, datetime):  # a date: midnight UTC
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(MOSCOW).replace(microsecond=0)


def _missing(moment: object) -> bool:
    """NaN, NaT or NA. pandas is asked only when it is already loaded (a pandas value means it
    is): importing it for a plain datetime would cost every command its start-up."""
    if isinstance(moment, str):
        return False
    pd = sys.modules.get("pandas")
    if pd is not None:
        return bool(pd.isna(moment))
    return moment != moment  # a float NaN


def moscow_text(
    moment: datetime | date | str | None, pattern: str = MINUTES, zone: str = ""
) -> str:
    """to_moscow(moment) in `pattern` (MINUTES by default), followed by `zone` when given (e.g.
    'МСК' / 'MSK'); '—' for no moment."""
    local = to_moscow(moment)
    if local is None:
        return "—"
    return f"{local:{pattern}}" + (f" {zone}" if zone else "")


def moscow_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with these datetime columns (naive UTC, or aware) as naive Moscow wall time to
    the second, for tables that show naive values as they are."""
    import pandas as pd

    out = frame.copy()
    for column in columns:
        if column not in out:
            continue
        values = pd.to_datetime(out[column], errors="coerce")
        if values.dt.tz is None:
            values = values.dt.tz_localize("UTC")
        out[column] = values.dt.tz_convert(MOSCOW).dt.tz_localize(None).dt.floor("s")
    return out
