"""Offer benchmark: one job offer against comparable vacancies and the pay model (pure).

The page (app_pages/benchmark.py) and `payscope predict` call into this module; it opens no
connection and reads no clock: dates and data come in as arguments.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from pipelines.normalise.pay import PayInput, normalise_pay
from pipelines.normalise.payroll import marginal_ndfl_rate

OFFER_PERIODS = ("month", "hour", "shift")
ENGLISH_LEVELS = ("none", "a2", "b1", "b2", "c1", "c2")
# Comparable vacancies share the offer's role family always, and these as long as n allows.
CONSTRAINTS = ("work_format", "night_shifts", "english", "experience")
# The fixed order constraints are dropped in until n ≥ min_sample(): the weakest signal of pay
# first (experience is often unstated), the work format last (remote pay differs most).
RELAX_ORDER = ("experience", "english", "night_shifts", "work_format")
AT_MARKET = 0.05  # within ±5 % of the market median the offer is "at the market"


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


@dataclass(frozen=True)
class Step:
    """One rung of the relaxation ladder: the constraints kept and those dropped."""

    kept: tuple[str, ...]
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class Comparables:
    step: Step  # the rung used
    pays: np.ndarray  # monthly gross RUB of the comparable vacancies
    tried: tuple[tuple[Step, int], ...]  # every rung looked at, with its n
    enough: bool  # n ≥ the minimum sample

    @property
    def n(self) -> int:
        return len(self.pays)


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
        steps.append(f"× {factor:.1f} {unit} {per_month} = {rub(conversion.monthly)} {basis}")
    if offer.gross:
        steps.append("" if offer.period != "month" else _PERIOD_WORDS["month"][en])
        return " ".join(s for s in steps if s)
    rate = round((conversion.ndfl_rate or 0.13) * 100)
    gross = _BASIS[True][en]
    return " ".join(steps) + f" → {rub(conversion.monthly_gross)} {gross} ({rate} %)"


def comparable_steps(offer: Offer) -> tuple[Step, ...]:
    """The relaxation ladder: all stated constraints first, then one more dropped per rung in
    RELAX_ORDER. Experience is a constraint only when the offer states it."""
    stated = tuple(c for c in CONSTRAINTS if c != "experience" or offer.experience is not None)
    steps, dropped = [Step(stated, ())], ()
    for name in RELAX_ORDER:
        if name in stated:
            dropped = (*dropped, name)
            steps.append(Step(tuple(c for c in stated if c not in dropped), dropped))
    return tuple(steps)


def choose_comparables(sample: pd.DataFrame, offer: Offer, minimum: int) -> Comparables:
    """The first rung of the ladder with at least `minimum` vacancies (else the last one).

    `sample`: pay_mid_rub of the role family's vacancies and same_<constraint> booleans
    (queries.comparable_pay)."""
    tried = []
    for step in comparable_steps(offer):
        mask = np.ones(len(sample), dtype=bool)
        for name in step.kept:
            mask &= sample[f"same_{name}"].fillna(False).to_numpy(dtype=bool)
        pays = sample["pay_mid_rub"].to_numpy(dtype=np.float64)[mask]
        tried.append((step, len(pays)))
        if len(pays) >= minimum:
            break
    return Comparables(step, pays, tuple(tried), len(pays) >= minimum)


def percentile_of(amount: float, pays: Sequence[float] | np.ndarray) -> float | None:
    """Where `amount` sits among `pays`, 0–100: the share paying less, ties counting half
    (so the median of an odd sample is at 50). None for an empty sample."""
    values = np.asarray(pays, dtype=np.float64)
    if values.size == 0:
        return None
    below = np.count_nonzero(values < amount)
    equal = np.count_nonzero(values == amount)
    return float(100 * (below + equal / 2) / values.size)


def market_quartiles(pays: Sequence[float] | np.ndarray) -> tuple[float, float, float] | None:
    """(P25, P50, P75) with linear interpolation, as DuckDB's quantile_cont; None when empty."""
    values = np.asarray(pays, dtype=np.float64)
    if values.size == 0:
        return None
    p25, p50, p75 = np.quantile(values, (0.25, 0.5, 0.75))
    return float(p25), float(p50), float(p75)


def recommended_range(
    comparables: Comparables, prediction: Mapping[str, float] | None
) -> tuple[float, float, str] | None:
    """(low, high, basis) to offer: basis 'market' = the comparables' P25–P75 when no
    constraint had to be dropped and n is enough; else 'model' = the model's P10–P90 for these
    inputs when there is a model; else the comparables' P25–P75 as they are. None: no data."""
    quartiles = market_quartiles(comparables.pays)
    exact = comparables.enough and not comparables.step.dropped
    if quartiles is not None and (exact or prediction is None):
        return quartiles[0], quartiles[2], "market"
    if prediction is not None:
        return prediction["p10"], prediction["p90"], "model"
    return None


_VERDICTS = {
    "below": ("ниже рынка на {pct} %", "{pct} % below the market"),
    "at": ("на уровне рынка", "at the market"),
    "above": ("выше рынка на {pct} %", "{pct} % above the market"),
}


def verdict(amount: float, p50: float, lang: str = "ru") -> str:
    """Plain words for an offer against the market median: within ±5 % it is at the market."""
    ratio = amount / p50 - 1
    kind = "at" if abs(ratio) <= AT_MARKET + 1e-12 else "below" if ratio < 0 else "above"
    return _VERDICTS[kind][lang == "en"].format(pct=round(abs(ratio) * 100))


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
    the model's commonest value of work format, experience, sector, region and schedule."""
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
        if frame.loc[0, name] is not None and frame.loc[0, name] != reference:
            changes[name] = reference
    effects = model.effects(frame, changes)
    return prediction, {name: (changes[name], delta) for name, delta in effects.items()}


@dataclass(frozen=True)
class Report:
    """A benchmark as shown, every text already in the UI language (for CSV and HTML)."""

    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value): inputs, conversion, market, model …
    effects: tuple[tuple[str, str], ...] = ()  # (input change, P50 change)
    effects_heading: str = "Effects"
    notes: tuple[str, ...] = field(default_factory=tuple)  # footnotes (data kind, date, basis)


def report_frame(report: Report) -> pd.DataFrame:
    """The report as a two-column table (item, value), effects after the rows, for CSV."""
    rows = [*report.rows, *((f"{report.effects_heading}: {k}", v) for k, v in report.effects)]
    return pd.DataFrame(rows, columns=["item", "value"])


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:46rem;"
    "margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}"
    "h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{width:40%;font-weight:600;color:#444}td.num{text-align:right;white-space:nowrap}"
    "p.note{color:#666;font-size:.85rem}"
)


def summary_html(report: Report, lang: str = "ru") -> str:
    """A self-contained HTML page of the report: inline CSS, no scripts, every text escaped."""
    esc = html.escape
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in report.rows)
    parts = [
        "<!doctype html>",
        f'<html lang="{esc(lang)}"><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1>",
        f"<table>{rows}</table>",
    ]
    if report.effects:
        effects = "".join(
            f'<tr><th>{esc(k)}</th><td class="num">{esc(v)}</td></tr>' for k, v in report.effects
        )
        parts.append(f"<h2>{esc(report.effects_heading)}</h2><table>{effects}</table>")
    parts += [f'<p class="note">{esc(note)}</p>' for note in report.notes]
    parts.append("</body></html>")
    return "\n".join(parts)
