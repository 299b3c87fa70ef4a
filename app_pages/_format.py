"""Number formatting for the Russian UI (pure)."""

from __future__ import annotations

import math


def rub(value: float | None) -> str:
    """45000 → '45 000 ₽' (narrow no-break space between thousands)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{round(value):,}".replace(",", "\u202f") + "\u00a0₽"


def count(value: int | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{round(value):,}".replace(",", "\u202f")


def percent(value: float | None) -> str:
    """0.4321 → '43 %' (no-break space, as Russian typography has it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value * 100:.0f}\u00a0%"


def styled(frame, counts=(), roubles=(), percents=()):
    """`frame` as a Styler that shows numbers the way metrics do ('11 983', '45 000 ₽', '43 %')
    while the cells stay numbers, so a table still sorts by value (st.dataframe takes it)."""
    formats = {c: count for c in counts} | {c: rub for c in roubles}
    formats |= {c: percent for c in percents}
    present = {c: f for c, f in formats.items() if c in frame.columns}
    return frame.style.format(present, na_rep="—")


# Pay periods as posted (pipelines/normalise/pay.py PERIODS) → (Russian, English) wording.
_PERIOD_WORDS = {
    "month": ("в месяц", "/ month"),
    "hour": ("в час", "/ hour"),
    "shift": ("за смену", "/ shift"),
    "day": ("в день", "/ day"),
    "week": ("в неделю", "/ week"),
    "year": ("в год", "/ year"),
    "rotation": ("за вахту", "/ rotation"),
    "service": ("за услугу", "/ service"),
    "project": ("за проект", "/ project"),
}
_GROSS_WORDS = {True: ("до вычета налогов", "gross"), False: ("на руки", "net")}


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value)  # None, NaN
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _amount(value: float, language: str) -> str:
    if float(value).is_integer():
        return count(int(value))
    text = f"{value:,.2f}".replace(",", "\u202f")
    return text.replace(".", ",") if language == "ru" else text


def pay_as_posted(
    pay_from: float | None,
    pay_to: float | None,
    currency: str | None,
    gross: bool | None,
    period: str | None,
    language: str = "ru",
) -> str:
    """Pay in the words of the posting, e.g. (40000, 50000, 'RUR', False, 'month') →
    'от 40 000 до 50 000 ₽ на руки в месяц' / '40 000–50 000 ₽ net / month';
    '—' when no amount is given. Roubles as ₽, other currency codes canonical (BYR → BYN)."""
    from pipelines.normalise.currency import canonical_currency

    en = language == "en"
    low = None if _missing(pay_from) or not pay_from else _amount(pay_from, language)
    high = None if _missing(pay_to) or not pay_to else _amount(pay_to, language)
    if low is None and high is None:
        return "—"
    if low == high or high is None:
        amount = low if low == high else ("from " if en else "от ") + low
    elif low is None:
        amount = ("up to " if en else "до ") + high
    else:
        amount = f"{low}–{high}" if en else f"от {low} до {high}"
    words = [amount]
    if not _missing(currency) and str(currency).strip():
        code = canonical_currency(str(currency))
        words.append("₽" if code == "RUB" else code)  # roubles as people write them
    if not _missing(gross):
        words.append(_GROSS_WORDS[bool(gross)][en])
    if not _missing(period):
        words.append(_PERIOD_WORDS.get(period, (period, f"/ {period}"))[en])
    return " ".join(words)
