"""Dated Russian payroll facts: МРОТ, NDFL scale, working-time norms, shifts per month (pure)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

# Average calendar month: 365.25 / 12 = 30.4375 days (leap years included).
DAYS_PER_MONTH = 365.25 / 12
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7
# Production-calendar norms are stated for a 40-hour week, i.e. 8-hour working days.
HOURS_PER_WORKING_DAY = 8.0

# --- МРОТ (federal minimum monthly wage, gross ₽/month), by start date --------------------------
_MINIMUM_WAGE = (
    (date(2020, 1, 1), 12_130.0),  # Federal Law No. 463-FZ of 27.12.2019
    (date(2021, 1, 1), 12_792.0),  # Federal Law No. 473-FZ of 29.12.2020
    (date(2022, 1, 1), 13_890.0),  # Federal Law No. 406-FZ of 06.12.2021
    (date(2022, 6, 1), 15_279.0),  # Government Resolution No. 973 of 28.05.2022 (mid-year +10 %)
    (date(2023, 1, 1), 16_242.0),  # Federal Law No. 522-FZ of 19.12.2022
    (date(2024, 1, 1), 19_242.0),  # Federal Law No. 548-FZ of 27.11.2023
    (date(2025, 1, 1), 22_440.0),  # Federal Law No. 389-FZ of 29.10.2024; vz.ru 2025-11-20
    (date(2026, 1, 1), 27_093.0),  # law signed Nov 2025 (Kommersant 2025-11-28, doc/8247437)
)
_MINIMUM_WAGE_STARTS = tuple(start for start, _ in _MINIMUM_WAGE)


def minimum_wage(on: date) -> float:
    """Federal МРОТ in force on `on`, gross ₽/month; before 2020 → 2020's, after 2026 → 2026's."""
    i = bisect_right(_MINIMUM_WAGE_STARTS, on) - 1
    return _MINIMUM_WAGE[max(i, 0)][1]


# --- NDFL (personal income tax) -----------------------------------------------------------------
# Bands on *annual* gross income as (gross floor ₽/year, marginal rate on the slice above it).
# Before 2021: a flat 13 %.
_FLAT_BANDS = ((0.0, 0.13),)
# 2021–2024: 15 % on income above 5 M ₽/year (Federal Law No. 372-FZ of 23.11.2020).
_TWO_BANDS = ((0.0, 0.13), (5_000_000.0, 0.15))
# From 2025-01-01 five marginal bands (Federal Law No. 176-FZ of 12.07.2024; Vedomosti 2025-09-02
# reports no change for 2026, so 2026 uses the same scale).
_PROGRESSIVE_BANDS = (
    (0.0, 0.13),
    (2_400_000.0, 0.15),
    (5_000_000.0, 0.18),
    (20_000_000.0, 0.20),
    (50_000_000.0, 0.22),
)
TWO_BAND_NDFL_FROM = date(2021, 1, 1)
PROGRESSIVE_NDFL_FROM = date(2025, 1, 1)


def _with_net_floors(bands: tuple[tuple[float, float], ...]) -> tuple[tuple[float, ...], ...]:
    """Add the net amount at each gross floor: ((gross_floor, net_floor, rate), ...)."""
    rows, net = [], 0.0
    for i, (floor, rate) in enumerate(bands):
        rows.append((floor, round(net, 2), rate))
        if i + 1 < len(bands):
            net += (bands[i + 1][0] - floor) * (1 - rate)
    return tuple(rows)


def _scale(bands: tuple[tuple[float, float], ...]) -> tuple:
    """(rows, gross floors, net floors) of a band table, for bisecting either way."""
    rows = _with_net_floors(bands)
    return rows, tuple(r[0] for r in rows), tuple(r[1] for r in rows)


# Net floors of the 2025 scale: 0 / 2 088 000 / 4 298 000 / 16 598 000 / 40 598 000 ₽ per year.
_SCALE_STARTS = (date.min, TWO_BAND_NDFL_FROM, PROGRESSIVE_NDFL_FROM)
_SCALES = (_scale(_FLAT_BANDS), _scale(_TWO_BANDS), _scale(_PROGRESSIVE_BANDS))


# Days on which a dated rule above changes (norms change on every 1 January as well).
RULE_CHANGES = tuple(sorted({*_MINIMUM_WAGE_STARTS, *_SCALE_STARTS[1:]}))


def _scale_on(on: date) -> tuple:
    return _SCALES[bisect_right(_SCALE_STARTS, on) - 1]


def is_progressive_ndfl(on: date) -> bool:
    """True when the 2025 five-band NDFL scale applies on `on`."""
    return on >= PROGRESSIVE_NDFL_FROM


def gross_to_net_monthly(gross: float, on: date) -> float:
    """Monthly gross ₽ → monthly net ₽, taxing the annualised (×12) amount by marginal bands."""
    scale, gross_floors, _ = _scale_on(on)
    annual = gross * 12
    floor, net_floor, rate = scale[max(bisect_right(gross_floors, annual) - 1, 0)]
    return (net_floor + (annual - floor) * (1 - rate)) / 12


def net_to_gross_monthly(net: float, on: date) -> float:
    """Monthly net ₽ ("на руки") → monthly gross ₽; the exact inverse of gross_to_net_monthly."""
    scale, _, net_floors = _scale_on(on)
    annual = net * 12
    floor, net_floor, rate = scale[max(bisect_right(net_floors, annual) - 1, 0)]
    return (floor + (annual - net_floor) / (1 - rate)) / 12


def marginal_ndfl_rate(gross_monthly: float, on: date) -> float:
    """Marginal NDFL rate (0.13 … 0.22) on the last rouble of an annualised monthly gross."""
    scale, gross_floors, _ = _scale_on(on)
    # A band's rate applies only *above* its floor, so exactly 2.4 M is still taxed at 13 %;
    # rounding to kopecks keeps float noise from a net→gross inversion off the next band.
    return scale[max(bisect_left(gross_floors, round(gross_monthly * 12, 2)) - 1, 0)][2]


# --- Working-time norms -------------------------------------------------------------------------
# Production-calendar hours per year for a 40-hour week (Government resolutions on the transfer
# of days off for each year; 2026: RIA Novosti 2026-01-27 quoting hh.ru, 247 days / 1 972 h).
_HOURS_PER_YEAR = {2021: 1972, 2022: 1973, 2023: 1973, 2024: 1979, 2025: 1972, 2026: 1972}
_FIRST_NORM_YEAR, _LAST_NORM_YEAR = min(_HOURS_PER_YEAR), max(_HOURS_PER_YEAR)


def norm_year(on: date) -> int:
    """The production-calendar year whose norm is used for `on` (nearest known year)."""
    return min(max(on.year, _FIRST_NORM_YEAR), _LAST_NORM_YEAR)


def hours_per_month(on: date) -> float:
    """Average working hours per month at a 40-hour week (year norm ÷ 12), e.g. 164.3 in 2025."""
    return _HOURS_PER_YEAR[norm_year(on)] / 12


def working_days_per_month(on: date) -> float:
    """Average working days per month (norm hours ÷ 8), e.g. 20.5 in 2025."""
    return hours_per_month(on) / HOURS_PER_WORKING_DAY


# --- Shift patterns -----------------------------------------------------------------------------
# 'on/off' cycles: shifts/month = 365.25/12 × on / (on + off); '1/3' is сутки через трое.
_CYCLES = {
    "1/2": (1, 2), "1/3": (1, 3), "2/1": (2, 1), "2/2": (2, 2), "3/2": (3, 2), "3/3": (3, 3),
    "4/2": (4, 2), "4/3": (4, 3), "4/4": (4, 4), "6/1": (6, 1),
}  # fmt: skip
# '5/2' follows the calendar (holidays are off), so it uses the year's working days instead;
# 'weekend' = Saturday and Sunday only, 2 of 7 days.
SHIFT_PATTERNS = frozenset(_CYCLES) | {"5/2", "weekend"}
# When the pattern is unknown we assume 2/2, the commonest shift schedule on hh.ru (ref. §4.2).
DEFAULT_SHIFT_PATTERN = "2/2"
_PATTERN_SEPARATORS = str.maketrans({"х": "/", "x": "/", "×": "/", "\\": "/", " ": None})


def canonical_shift_pattern(pattern: str | None) -> str | None:
    """'2 / 2', '2х2', '2x2' → '2/2'; None when the pattern is missing or not in SHIFT_PATTERNS."""
    if not isinstance(pattern, str):
        return None
    key = pattern.strip().lower().translate(_PATTERN_SEPARATORS)
    return key if key in SHIFT_PATTERNS else None


def shifts_per_month(pattern: str | None, on: date) -> tuple[float, str]:
    """Average shifts per month for a schedule and a note, e.g. (15.2…, '15.2 shifts/month (2/2)').

    An unknown or missing pattern falls back to 2/2 and the note says "(2/2 assumed)".
    """
    key = canonical_shift_pattern(pattern)
    if key is None:
        on_days, off_days = _CYCLES[DEFAULT_SHIFT_PATTERN]
        value = DAYS_PER_MONTH * on_days / (on_days + off_days)
        return value, f"{value:.1f} shifts/month ({DEFAULT_SHIFT_PATTERN} assumed)"
    if key == "5/2":
        value = working_days_per_month(on)
        return value, f"{value:.1f} shifts/month (5/2, {norm_year(on)} norm)"
    if key == "weekend":
        value = DAYS_PER_MONTH * 2 / 7
        return value, f"{value:.1f} shifts/month (weekend)"
    on_days, off_days = _CYCLES[key]
    value = DAYS_PER_MONTH * on_days / (on_days + off_days)
    return value, f"{value:.1f} shifts/month ({key})"
