"""Currency → RUB: canonical codes, snapshot rates and the bundled reference-rate table (pure)."""

from __future__ import annotations

import csv
import io
import math
import reprlib
from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from importlib.resources import files

from pipelines.normalise.errors import PayError

RUB = "RUB"
# hh.ru writes the Russian rouble as RUR and the Belarusian rouble with its pre-2016 code BYR,
# which on hh means today's BYN (source-formats.md §1.4). We accept ISO RUB too.
CURRENCY_ALIASES = {"RUR": RUB, "BYR": "BYN"}
REFERENCE_RATES_FILE = "reference_rates.csv"

_RateTable = tuple[tuple[date, ...], tuple[float, ...], tuple[str, ...]]


def _load_reference_rates() -> dict[str, _RateTable]:
    """Read reference_rates.csv once: currency → (valid_from dates, RUB per unit, source labels)."""
    text = files(__package__).joinpath(REFERENCE_RATES_FILE).read_text(encoding="utf-8")
    by_currency: dict[str, list[tuple[date, float]]] = {}
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        where = f"{REFERENCE_RATES_FILE} line {line_no}"
        try:
            code = row["currency"].strip().upper()
            valid_from = date.fromisoformat(row["valid_from"].strip())
            rate = float(row["rub_per_unit"])
        except (KeyError, AttributeError, ValueError) as exc:
            raise ValueError(f"{where}: cannot read {row!r} ({exc}); fix the row") from exc
        if not (math.isfinite(rate) and rate > 0):
            raise ValueError(f"{where}: rub_per_unit must be a positive number, got {rate}")
        by_currency.setdefault(code, []).append((valid_from, rate))
    tables: dict[str, _RateTable] = {}
    for code, rows in by_currency.items():
        rows.sort()
        starts = tuple(start for start, _ in rows)
        if len(set(starts)) != len(starts):
            raise ValueError(f"{REFERENCE_RATES_FILE}: duplicate valid_from for {code}")
        labels = tuple(f"reference:{start.isoformat()}" for start in starts)
        tables[code] = (starts, tuple(rate for _, rate in rows), labels)
    return tables


_REFERENCE_RATES = _load_reference_rates()
# Days on which some reference rate changes.
RATE_CHANGES = tuple(sorted({day for starts, _, _ in _REFERENCE_RATES.values() for day in starts}))
# Canonical codes this module can convert without snapshot rates.
KNOWN_CURRENCIES = frozenset({RUB, *_REFERENCE_RATES})


@lru_cache(maxsize=1024)
def canonical_currency(code: str) -> str:
    """' rur ' → 'RUB', 'BYR' → 'BYN', 'usd' → 'USD'; does not check that the code is known."""
    key = code.strip().upper()
    return CURRENCY_ALIASES.get(key, key)


@lru_cache(maxsize=65_536)
def _reference_rate(code: str, on: date) -> tuple[float, str] | None:
    """Latest reference row with valid_from ≤ on (earliest row if `on` precedes them all)."""
    table = _REFERENCE_RATES.get(code)
    if table is None:
        return None
    starts, rates, labels = table
    i = max(bisect_right(starts, on) - 1, 0)
    return rates[i], labels[i]


def _usable_rate(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def rub_per_unit(
    currency: str, on: date, snapshot_rates: Mapping[str, float] | None = None
) -> tuple[float, str]:
    """RUB per one unit of `currency` on date `on`, and where the rate came from.

    Source is 'rub' for roubles, 'snapshot' when `snapshot_rates` (canonical upper-case code →
    RUB per unit) has a positive rate for the currency, else 'reference:<valid_from>' from the
    bundled table. Raises PayError('unknown_currency') when no rate is available.
    """
    if not isinstance(currency, str):
        raise PayError("unknown_currency", f"currency {reprlib.repr(currency)} is not a code")
    code = canonical_currency(currency)
    if code == RUB:
        return 1.0, "rub"
    if snapshot_rates:
        rate = snapshot_rates.get(code)
        if _usable_rate(rate):
            return float(rate), "snapshot"
    reference = _reference_rate(code, on)
    if reference is None:
        raise PayError(
            "unknown_currency",
            f"currency {reprlib.repr(currency)} has no snapshot rate and is not one of "
            f"{', '.join(sorted(KNOWN_CURRENCIES))}; add it to pipelines/normalise/"
            f"{REFERENCE_RATES_FILE} or pass its rate in snapshot_rates",
        )
    return reference
