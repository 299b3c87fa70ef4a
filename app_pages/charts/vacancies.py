"""The vacancy explorer's table: warehouse rows → what people read, with safe links (pure)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pandas as pd

from app_pages._format import pay_as_posted
from pipelines.core import safe_csv

# Column keys of the shown table, in order (the page gives each its label).
COLUMNS = (
    "title", "employer", "region", "pay_posted", "pay_rub", "schedule", "night", "work_format",
    "published", "link",
)  # fmt: skip


def safe_url(url: object) -> str | None:
    """The URL when it is an absolute http(s) link, else None (a link column must never carry
    javascript:, data: or relative URLs from a source)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def explorer_table(
    rows: pd.DataFrame, language: str, label: Callable[[str, object], str]
) -> pd.DataFrame:
    """`rows` from queries.vacancy_table → COLUMNS: pay as posted in words, pay normalised to
    monthly gross ₽ (NaN when unknown), schedule and work format as labels (`label(dimension,
    value)`), published date and the posting's link (None unless http(s))."""
    pay = rows[["pay_from_original", "pay_to_original", "currency_original", "gross_original",
                "pay_period_original"]].astype(object)  # fmt: skip
    return pd.DataFrame(
        {
            "title": rows["title"],
            "employer": rows["employer_name"],
            "region": rows["region"],
            "pay_posted": [pay_as_posted(*r, language=language) for r in pay.itertuples(False)],
            "pay_rub": rows["pay_mid_rub"].round(0),
            "schedule": [label("schedule", v) for v in rows["schedule"]],
            "night": rows["night_shifts"].astype(bool),
            "work_format": [label("work_format", v) for v in rows["work_format"]],
            "published": pd.to_datetime(rows["published_at"]).dt.date,
            "link": [safe_url(u) for u in rows["url"]],
        },
        columns=COLUMNS,
    )


def csv_bytes(table: pd.DataFrame, headers: dict[str, str]) -> bytes:
    """The table as CSV with the shown headers; UTF-8 with a BOM so Excel reads Cyrillic; text
    that a spreadsheet would run as a formula is neutralised (pipelines/core/safe_csv.py)."""
    return safe_csv.csv_bytes(table.rename(columns=headers))
