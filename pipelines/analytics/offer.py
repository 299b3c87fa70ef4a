"""Offer benchmark: one job offer against comparable vacancies and the pay model (pure).

This module holds the offer, its conversion to monthly gross pay and the model's answer for
it; comparables.py picks the comparable vacancies, verdict.py reconciles them with the model,
verdict_text.py words it and benchmark_report.py exports it. The page (app_pages/benchmark.py)
and `payscope predict` call into them; none opens a connection or reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pipelines.analytics.comparables import (  # noqa: F401
    CONSTRAINTS,
    RELAX_ORDER,
    WINDOWS,
    Comparables,
    Step,
    choose_comparables,
    comparable_steps,
    market_quartiles,
    percentile_of,
)

# The benchmark's other parts, importable from here as before the split.
from pipelines.analytics.offer_report import Report, report_frame, summary_html  # noqa: F401
from pipelines.normalise.pay import PayInput, normalise_pay
from pipelines.normalise.payroll import marginal_ndfl_rate

OFFER_PERIODS = ("month", "hour", "shift")
ENGLISH_LEVELS = ("none", "a2", "b1", "b2", "c1", "c2")


@dataclass(frozen=True)
class Offer:
    """What a recruiter pays (as they state it) and the job's inputs."""

    amount: float
    gross: bool = False  # False = net ("на руки")
    period: str = "month"  # one of OFFER_PERIODS
    shift_pattern: str | None = "2/2"  # for per-shift pay (and per-hour pay with shift hours)
    hours_per_shift: float | None = 12.0
    role_family: str = "chat_support"
    title: str = ""
    sector: str | None = None
    schedule: str | None = None
    work_format: str = "remote"  # remote | hybrid | on_site
    region: str | None = None
    night_shifts: bool = False
    english: str = "none"  # one of ENGLISH_LEVELS
    experience: str | None = None  # hh ids; None = not stated


@dataclass(frozen=True)
class Conversion:
    """The offer as monthly gross RUB and how it got there."""

    monthly: float  # per month, on the stated basis (net or gross)
    monthly_gross: float
    ndfl_rate: float | None  # marginal NDFL rate used for net → gross; None when stated gross
    period_note: str  # '' for monthly pay, else e.g. 'shift × 15.2 shifts/month (2/2)'
    note: str  # normalise_pay's full record of the steps


def monthly_gross(offer: Offer, on: date) -> Conversion:
    """The offer per month before NDFL, by the pay rules in force on `on` (normalise_pay):
    hour and shift norms of that year, the NDFL scale of that date. Hourly pay counts the shift
    pattern's hours only for shift work, else the 40-hour week. Raises PayError."""
    shift_work = offer.period == "shift" or offer.schedule == "shift"
    pattern = offer.shift_pattern if shift_work else None

    def normalised(gross: bool):
        return normalise_pay(
            PayInput(
                amount_from=offer.amount, amount_to=offer.amount, currency="RUB", gross=gross,
                period=offer.period, published_at=datetime(on.year, on.month, on.day),
                shift_pattern=pattern, hours_per_shift=offer.hours_per_shift,
            )
        )  # fmt: skip

    stated = normalised(True)  # period → month only
    final = normalised(offer.gross)
    if stated.mid_rub is None or final.mid_rub is None:
        raise ValueError(f"pay per {offer.period!r} cannot be converted to a month")
    rate = None if offer.gross else marginal_ndfl_rate(final.mid_rub, on)
    period_note = "" if offer.period == "month" else stated.conversion
    return Conversion(stated.mid_rub, final.mid_rub, rate, period_note, final.conversion)


_PERIOD_WORDS = {
    "month": ("в месяц", "a month"),
    "hour": ("в час", "an hour"),
    "shift": ("за смену", "a shift"),
}
_UNITS = {"hour": ("ч", "h"), "shift": ("смены", "shifts")}
_BASIS = {False: ("на руки", "net"), True: ("до НДФЛ", "gross")}


def conversion_text(
    offer: Offer, conversion: Conversion, rub: Callable[[float], str], lang: str = "ru"
) -> str:
    """The conversion in words, e.g. «45 000 ₽ на руки → 51 724 ₽ до НДФЛ (13 %)»; `rub`
    formats an amount of roubles (the app's formatter)."""
    en = lang == "en"
    basis = _BASIS[offer.gross][en]
    steps = [f"{rub(offer.amount)} {basis}"]
    if offer.period != "month":
        factor = f"{conversion.monthly / offer.amount:.1f}"
        factor = factor if en else factor.replace(".", ",")
        per_month = "a month" if en else "в месяц"
        unit = _UNITS[offer.period][en]
        steps[0] += f" {_PERIOD_WORDS[offer.period][en]}"
        steps.append(f"× {factor} {unit} {per_month} = {rub(conversion.monthly)} {basis}")
    if offer.gross:
        steps.append("" if offer.period != "month" else _PERIOD_WORDS["month"][en])
        return " ".join(s for s in steps if s)
    rate = round((conversion.ndfl_rate or 0.13) * 100)
    gross = _BASIS[True][en]
    return " ".join(steps) + f" → {rub(conversion.monthly_gross)} {gross} ({rate} %)"


def model_row(offer: Offer) -> dict:
    """The offer as a model input row (models/frame.design_row keys); what the form leaves
    open is read from the title, as `payscope predict` does."""
    from pipelines.features.extract import extract_features
    from pipelines.features.records import VacancyInput

    found = extract_features(VacancyInput(title=offer.title))
    english = offer.english if offer.english in ENGLISH_LEVELS else "none"
    languages = (
        [] if english == "none" else [{"name": "english", "level": english, "required": True}]
    )
    return {
        "title": offer.title,
        "sector": offer.sector or found.sector,
        "role_family": offer.role_family or found.role_family,
        "schedule": offer.schedule or found.schedule,
        "shift_pattern": offer.shift_pattern if offer.schedule == "shift" else found.shift_pattern,
        "night_shifts": offer.night_shifts,
        "work_format": offer.work_format,
        "part_time_hours": found.part_time_hours,
        "experience": offer.experience or found.experience,
        "employment": found.employment,
        "region": offer.region,
        "languages": languages,
    }


def predict_offer(model, row: Mapping) -> tuple[dict[str, float], dict[str, tuple[object, float]]]:
    """P10/P50/P90 (monthly gross RUB) of one described job, and what each input adds to P50
    alone: {input: (value compared with, P50 change in RUB)} against no English, day shifts and
    the model's commonest value of work format, experience, sector, region and schedule (only
    those the row states: an empty input has no effect to show)."""
    from models.frame import design_row

    frame = pd.DataFrame([design_row(row)])
    prediction = model.predict(frame).iloc[0].to_dict()
    changes = {}
    if frame.loc[0, "english_level"] > 0:
        changes["english_level"] = 0.0
    if frame.loc[0, "night_shifts"] == 1.0:
        changes["night_shifts"] = 0.0
    for name in ("work_format", "experience", "sector", "region", "schedule"):
        reference = model.reference.get(name)
        # An input left empty has no effect to show: the model row fills it with a stand-in
        # («другое», «не указано»), which is not what the user said.
        # «other» is what the features say of a title that names no sector: not stated either.
        stated = row.get(name) == row.get(name) and row.get(name) not in (None, "other")
        if stated and frame.loc[0, name] is not None and frame.loc[0, name] != reference:
            changes[name] = reference
    effects = model.effects(frame, changes)
    return prediction, {name: (changes[name], delta) for name, delta in effects.items()}
