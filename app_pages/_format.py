"""Number formatting for the Russian UI (pure)."""

from __future__ import annotations

import math


def rub(value: float | None) -> str:
    """45000 → '45 000 ₽' (narrow no-break space between thousands)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{round(value):,}".replace(",", "\u202f") + "\u00a0₽"


def count(value: int | None) -> str:
    return "—" if value is None else f"{int(value):,}".replace(",", "\u202f")
