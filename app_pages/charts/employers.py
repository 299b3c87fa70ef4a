"""The best-paying employers of a selection as a table people read (pure): each employer's
median monthly gross pay, its P25–P75, n and the confidence word of that n."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from pipelines.analytics.stats import confidence

COLUMNS = ("employer", "median", "range", "n", "confidence")


def employers_table(rows: pd.DataFrame, rub: Callable[[float], str],
                    word: Callable[[str], str]) -> pd.DataFrame:  # fmt: skip
    """`rows` from search_queries.top_employers → COLUMNS: the median as a number (sortable), the
    P25–P75 in roubles (`rub`) and the confidence word of n (`word(confidence(n))`)."""
    if rows is None or rows.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.DataFrame({
        "employer": rows["employer"].astype(str),
        "median": rows["median"].round(0),
        "range": [f"{rub(a)} — {rub(b)}" for a, b in zip(rows["p25"], rows["p75"], strict=True)],
        "n": rows["n"].astype(int),
        "confidence": [word(confidence(int(n))) for n in rows["n"]],
    })  # fmt: skip
