"""Pay normalisation: any posted pay → monthly, gross, RUB (pure functions, no I/O)."""

from __future__ import annotations

import math
import numbers
import reprlib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from pipelines.normalise.currency import RATE_CHANGES, canonical_currency, rub_per_unit
from pipelines.normalise.errors import PayError
from pipelines.normalise.payroll import (
    DAYS_PER_MONTH,
    RULE_CHANGES,
    WEEKS_PER_MONTH,
    canonical_shift_pattern,
    hours_per_month,
    is_progressive_ndfl,
    marginal_ndfl_rate,
    minimum_wage,
    net_to_gross_monthly,
    norm_year,
    shifts_per_month,
    working_days_per_month,
)

__all__ = [
    "EXCLUDING_FLAGS",
    "FLAG_SEVERITY",
    "PERIODS",
    "NormalisedPay",
    "PayError",
    "PayInput",
    "normalise_pay",
    "rules_date",
]

# Periods a posted amount can be "per"; canonical vocabulary stored in pay_period_original.
PERIODS = ("month", "hour", "shift", "day", "week", "year", "rotation", "service", "project")

# Flags that exclude a pay value from statistics by default (pay_in_stats = false).
EXCLUDING_FLAGS = ("below_minimum_wage", "implausibly_high", "period_unconvertible")


@dataclass(frozen=True, slots=True)
class PayInput:
    """Pay as a source posted it, plus what is known about the working pattern."""

    amount_from: float | None
    amount_to: float | None
    currency: str | None  # as the source wrote it: 'RUR', 'RUB', 'rub', 'USD', 'BYR', ...
    gross: bool | None  # True = before tax, False = net ("на руки"), None = not stated
    period: str  # one of PERIODS
    published_at: datetime  # naive UTC; selects tax scale, minimum wage, hour norm and rate
    shift_pattern: str | None = None  # '2/2', '5/2', '1/3', ... when known
    hours_per_shift: float | None = None  # e.g. 12.0 when known
    rotation_days: float | None = None  # length of a fly-in-fly-out rotation when known
    snapshot_rates: Mapping[str, float] | None = None  # RUB per unit, from the snapshot


@dataclass(frozen=True, slots=True)
class NormalisedPay:
    low_rub: float | None  # monthly gross RUB; None when the lower bound is not given
    high_rub: float | None
    mid_rub: float | None  # midpoint of a two-sided range; the stated bound of a one-sided one
    fx_rate: float | None  # RUB per unit of the posted currency (1.0 for roubles)
    fx_source: str | None  # 'rub' | 'snapshot' | 'reference:<valid_from>'
    gross_basis: str  # 'stated_gross' | 'stated_net' | 'assumed_gross'
    conversion: str  # human-readable, e.g. 'hour × 164.3 h/month (2025 norm); net→gross 13 %'
    flag: str | None  # most severe of EXCLUDING_FLAGS, else 'one_sided', else None
    in_stats: bool  # mid_rub is not None and flag not in EXCLUDING_FLAGS


# Most severe first; a record carries only the most severe flag that applies.
FLAG_SEVERITY = ("period_unconvertible", "implausibly_high", "below_minimum_wage", "one_sided")

# Sanity limits (heuristics, not law): a posted amount above 1e9 or a monthly value above 1e8 ₽
# is a typo or a placeholder, never a salary → quarantine.
MAX_POSTED_AMOUNT = 1e9
MAX_MONTHLY_RUB = 1e8
# Kept but excluded from statistics: a lowest bound above 2 M ₽/month is almost always an annual
# figure or an extra zero (ref. §4.3); a highest bound under half the МРОТ is part-time work or a
# mislabelled hourly/shift rate.
IMPLAUSIBLY_HIGH_RUB = 2_000_000.0
BELOW_MINIMUM_WAGE_SHARE = 0.5
# Longest shift and rotation we believe; anything else is treated as "not known".
MAX_HOURS_PER_SHIFT = 24.0
MAX_ROTATION_DAYS = 366.0

_short = reprlib.Repr()
_short.maxstring = _short.maxlong = 40


def _quote(value: object) -> str:
    """Short repr of a value for an error message."""
    try:
        return _short.repr(value)
    except ValueError:  # int too long for str() (Python's 4300-digit limit)
        return "<an integer too long to print>"


def _posted_amount(value: object, name: str) -> float | None:
    """Validate one posted bound; None when not given (None or 0, as hh sends both)."""
    if value is None:
        return None
    if type(value) is not float and type(value) is not int:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            message = f"{name} {_quote(value)} is not a number; the parser must pass numbers"
            raise PayError("bad_pay_value", message)
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an exact integer too large for a float: caught as absurd below
        finite = True
    if not finite:
        raise PayError("bad_pay_value", f"{name} is {_quote(value)}; a pay bound must be finite")
    if value < 0:
        message = f"{name} is negative ({_quote(value)}); pay bounds must be ≥ 0"
        raise PayError("negative_pay", message)
    if value > MAX_POSTED_AMOUNT:
        raise PayError(
            "absurd_pay", f"{name} {_quote(value)} is above {MAX_POSTED_AMOUNT:.0e}; likely a typo"
        )
    return float(value) if value else None


def _known_positive(value: object, upper: float) -> float | None:
    """A working-pattern number we can use (0 < value ≤ upper), else None = not known."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        value = float(value)
    except OverflowError:
        return None
    return value if 0 < value <= upper else None  # NaN fails both comparisons


@lru_cache(maxsize=4096)
def _calendar_factor(
    period: str, year: int, shift_pattern: str | None, hours_per_shift: float | None
) -> tuple[float, str]:
    """Units per month (hours, shifts or days) and the note, for the calendar-based periods."""
    on = date(year, 1, 1)  # norms are per calendar year
    if period == "day":
        days = working_days_per_month(on)
        return days, f"day × {days:.1f} working days/month ({year} norm)"
    if period == "shift":
        shifts, note = shifts_per_month(shift_pattern, on)
        return shifts, f"shift × {note}"
    if hours_per_shift is not None and canonical_shift_pattern(shift_pattern) is not None:
        shifts, note = shifts_per_month(shift_pattern, on)
        hours = shifts * hours_per_shift
        return hours, f"hour × {hours_per_shift:g} h × {note} = {hours:.1f} h/month"
    hours = hours_per_month(on)
    return hours, f"hour × {hours:.1f} h/month ({year} norm)"


def _period_factor(pay: PayInput, on: date) -> tuple[float | None, str]:
    """Multiplier from the posted period to one month and its note; None = not convertible."""
    period = pay.period
    if period == "month":
        return 1.0, ""
    if period == "year":
        return 1 / 12, "year ÷ 12"
    if period == "week":
        return WEEKS_PER_MONTH, f"week × {WEEKS_PER_MONTH:.2f} weeks/month"
    if period in ("hour", "shift", "day"):
        pattern = pay.shift_pattern if isinstance(pay.shift_pattern, str) else None
        hours = _known_positive(pay.hours_per_shift, MAX_HOURS_PER_SHIFT)
        return _calendar_factor(period, norm_year(on), pattern, hours)
    if period == "rotation":
        days = _known_positive(pay.rotation_days, MAX_ROTATION_DAYS)
        if days is None:
            return None, "rotation length unknown: not convertible to a month"
        return DAYS_PER_MONTH / days, f"rotation × {DAYS_PER_MONTH:.2f}/{days:g} days"
    if period in ("service", "project"):
        return None, f"{period}: piece rate, not convertible to a month"
    return None, f"unknown period {_quote(period)}: not convertible to a month"


def _format_rate(rate: float) -> str:
    return f"{rate:.2f}" if rate >= 1 else f"{rate:.4g}"


def _net_to_gross_note(top_gross: float, on: date) -> str:
    top_rate = round(marginal_ndfl_rate(top_gross, on) * 100)
    if not is_progressive_ndfl(on):
        return "net→gross (13 %)" if top_rate == 13 else f"net→gross (13–{top_rate} %, 2021 scale)"
    if top_rate == 13:
        return "net→gross (13 %, 2025 scale)"
    return f"net→gross (13–{top_rate} % progressive, 2025 scale)"


_CHANGES = tuple(sorted({*RULE_CHANGES, *RATE_CHANGES}))


@lru_cache(maxsize=4096)
def rules_date(on: date) -> date:
    """The day the pay rules in force on `on` took effect (rates, МРОТ, NDFL, yearly norms).

    normalise_pay gives the same result for every publication day from it to `on`, so it makes
    a far better cache key than the day itself.
    """
    i = bisect_right(_CHANGES, on)
    year_start = date(on.year, 1, 1)
    return max(_CHANGES[i - 1], year_start) if i else year_start


def normalise_pay(pay: PayInput) -> NormalisedPay | None:
    """Normalise one posted pay; None when no amount is given; raises PayError for bad values.

    Steps: period → month, currency → RUB, net → gross (the NDFL scale works on monthly RUB).
    Outputs are monthly gross RUB rounded to kopecks; `conversion` records every step taken.
    """
    low = _posted_amount(pay.amount_from, "amount_from")
    high = _posted_amount(pay.amount_to, "amount_to")
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        raise PayError(
            "pay_range_inverted", f"pay range is inverted: from {low:g} > to {high:g}; swap them?"
        )
    published = pay.published_at
    on = published.date() if isinstance(published, datetime) else published

    currency = pay.currency
    if currency is None or (isinstance(currency, str) and not currency.strip()):
        fx_rate, fx_source, fx_note = 1.0, "rub", "currency not stated: RUB assumed"
    else:
        fx_rate, fx_source = rub_per_unit(currency, on, pay.snapshot_rates)
        fx_note = ""
        if fx_source != "rub":
            fx_note = f"{canonical_currency(currency)} × {_format_rate(fx_rate)} ({fx_source})"

    if pay.gross is None:
        gross_basis, tax_note = "assumed_gross", "gross assumed (not stated)"
    else:
        gross_basis, tax_note = ("stated_gross" if pay.gross else "stated_net"), ""

    factor, period_note = _period_factor(pay, on)
    if factor is None:
        conversion = "; ".join(n for n in (period_note, fx_note, tax_note) if n)
        return NormalisedPay(
            None, None, None, fx_rate, fx_source, gross_basis, conversion,
            "period_unconvertible", False,
        )  # fmt: skip

    scale = factor * fx_rate
    low = low * scale if low is not None else None
    high = high * scale if high is not None else None
    if gross_basis == "stated_net":
        low = net_to_gross_monthly(low, on) if low is not None else None
        high = net_to_gross_monthly(high, on) if high is not None else None
    top = high if high is not None else low  # highest stated bound, monthly gross RUB
    bottom = low if low is not None else high  # lowest stated bound
    if gross_basis == "stated_net":
        tax_note = _net_to_gross_note(top, on)
    conversion = "; ".join(n for n in (period_note, fx_note, tax_note) if n)
    if top > MAX_MONTHLY_RUB:
        raise PayError(
            "absurd_pay",
            f"pay {_quote(pay.amount_from)}–{_quote(pay.amount_to)} {_quote(currency)} per "
            f"{_quote(pay.period)} is {top:,.0f} ₽/month after conversion ({conversion}), "
            f"above {MAX_MONTHLY_RUB:,.0f}; check for extra zeros or a wrong period",
        )

    if bottom > IMPLAUSIBLY_HIGH_RUB:
        flag = "implausibly_high"
    elif top < BELOW_MINIMUM_WAGE_SHARE * minimum_wage(on):
        flag = "below_minimum_wage"
    elif low is None or high is None:
        flag = "one_sided"
    else:
        flag = None
    mid = (low + high) / 2 if low is not None and high is not None else top
    return NormalisedPay(
        low_rub=round(low, 2) if low is not None else None,
        high_rub=round(high, 2) if high is not None else None,
        mid_rub=round(mid, 2),
        fx_rate=fx_rate,
        fx_source=fx_source,
        gross_basis=gross_basis,
        conversion=conversion or "none: monthly gross RUB as posted",
        flag=flag,
        in_stats=flag not in EXCLUDING_FLAGS,
    )
