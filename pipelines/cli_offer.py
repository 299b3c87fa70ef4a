"""The comparables, confidence and verdict part of `payscope predict` (docs/benchmark.md): the
same rule and words as the dashboard's offer benchmark, in English."""

from __future__ import annotations

from datetime import date

from pipelines import comparables as cmp
from pipelines import queries
from pipelines import verdict as vd
from pipelines import verdict_text as vt
from pipelines.benchmark import ENGLISH_LEVELS, Offer, monthly_gross
from pipelines.config import min_sample
from pipelines.filters import Filters
from pipelines.stats import confidence


def offer_for(row: dict, amount: float | None, net: bool) -> Offer:
    """The described job (predict's model row) as a benchmark offer of `amount` a month."""
    asked = [x for x in row["languages"] if x.get("name") == "english"]
    english = "none"
    if asked:  # only whether English is asked for matters to the comparables
        level = (asked[0].get("level") or "").lower()
        english = level if level in ENGLISH_LEVELS and level != "none" else "b1"
    return Offer(
        amount or 1.0, gross=not net, role_family=row["role_family"],
        title=row["title"], work_format=row["work_format"] or "on_site",
        night_shifts=bool(row["night_shifts"]),
        english=english, experience=row["experience"],
    )  # fmt: skip


def comparables(con, offer: Offer) -> cmp.Comparables:
    """The offer's comparables from the whole warehouse, recent window first, pay brought to
    the newest period by the wage index."""
    sample = queries.comparable_pay_adjusted(
        con, Filters(), offer.role_family, offer.work_format, offer.night_shifts,
        offer.english != "none", offer.experience,
    )  # fmt: skip
    newest = sample["newest"].iloc[0] if len(sample) else None
    return cmp.choose_comparables(sample, offer, min_sample(), newest)


def report(found: cmp.Comparables | None, prediction: dict, card: dict, offer: Offer | None,
           amount: float | None, rub, today: date) -> dict:  # fmt: skip
    """What predict prints and returns as JSON: the comparables with their confidence, the
    model's interval width and, for an offer, its monthly gross pay, percentile and verdict."""
    result: dict = {}
    model = vd.model_estimate(prediction, card)
    result["model_interval"] = {
        "width": round(model.high - model.low, -2), "relative_width": round(model.width, 3),
        "word": model.confidence, "text": vt.range_text(model, rub, "en"),
    }  # fmt: skip
    market = None
    if found is not None:
        quartiles = cmp.market_quartiles(found.pays)
        market = vd.market_estimate(found)
        result["comparables"] = {
            "n": found.n, "confidence": confidence(found.n), "window_months": found.months,
            "widened": found.widened, "window": vt.window_text(found.months, "en"),
            "dropped": list(found.step.dropped),
            "quartiles": None if quartiles is None else [round(q) for q in quartiles],
            "wage_index": vt.adjustment_text(found.n, cmp.adjustment(found), "en"),
        }  # fmt: skip
    if offer is not None and amount is not None:
        conversion = monthly_gross(offer, today)
        gross = conversion.monthly_gross
        judged = vd.decide(gross, market, model)
        result["offer"] = {
            "amount": amount, "basis": "gross" if offer.gross else "net",
            "monthly_gross": round(gross),
            "percentile": None if found is None else cmp.percentile_of(gross, found.pays),
            "verdict": judged.position,
            "leans_on": judged.basis and judged.basis.basis, "reasons": list(judged.reasons),
            "headline": vt.headline(judged, gross, rub, "en"),
            "reconciliation": vt.reconciliation(judged, "en"),
        }  # fmt: skip
    return result


def lines(result: dict, rub) -> list[str]:
    """The report as printed lines; `rub` formats roubles."""
    out = [f"  model interval: {result['model_interval']['text']}"]
    found = result.get("comparables")
    if found is None:
        out.append("comparable vacancies: unknown (no warehouse to count them in)")
    else:
        quartiles = found["quartiles"]
        text = f"comparable vacancies: n = {found['n']} (confidence {found['confidence']}), "
        text += found["window"]
        if found["dropped"]:
            text += f"; dropped to reach n: {', '.join(found['dropped'])}"
        if quartiles:
            text += "; P25 — P50 — P75 " + " — ".join(rub(q) for q in quartiles)
        out.append(text)
        if found["wage_index"]:
            out.append(f"  {found['wage_index']}")
    offer = result.get("offer")
    if offer:
        percentile = offer["percentile"]
        where = "" if percentile is None else f", percentile {percentile:.0f} among comparables"
        out.append(f"offer: {rub(offer['amount'])} {offer['basis']} = "
                   f"{rub(offer['monthly_gross'])} a month gross{where}")  # fmt: skip
        out.append(f"verdict: {offer['headline']}")
        if offer["reconciliation"]:
            out.append(f"  {offer['reconciliation']}")
    return out
