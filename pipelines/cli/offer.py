"""The comparables, confidence and verdict part of `payscope predict` (docs/benchmark.md): the
same rule (pipelines/analytics/comparables.py choose_comparables) and words as the dashboard's offer
benchmark, in the interface language (pipelines/cli/i18n.py)."""

from __future__ import annotations

from datetime import date

from pipelines.analytics import comparables as cmp
from pipelines.analytics import queries
from pipelines.analytics import verdict as vd
from pipelines.analytics import verdict_text as vt
from pipelines.analytics.filters import Filters
from pipelines.analytics.offer import ENGLISH_LEVELS, Offer, monthly_gross
from pipelines.analytics.stats import confidence
from pipelines.cli.i18n import tr
from pipelines.core.config import min_sample


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
           amount: float | None, rub, today: date, lang: str = "en") -> dict:  # fmt: skip
    """What predict prints and returns as JSON: the comparables with their confidence, the
    model's interval width and, for an offer, its monthly gross pay, percentile and verdict."""
    result: dict = {}
    model = vd.model_estimate(prediction, card)
    result["model_interval"] = {
        "width": round(model.high - model.low, -2), "relative_width": round(model.width, 3),
        "word": model.confidence, "text": vt.range_text(model, rub, lang),
    }  # fmt: skip
    market = None
    if found is not None:
        quartiles = cmp.market_quartiles(found.pays)
        market = vd.market_estimate(found)
        result["comparables"] = {
            "n": found.n, "confidence": confidence(found.n), "window_months": found.months,
            "widened": found.widened, "window": vt.window_text(found.months, lang),
            "dropped": list(found.step.dropped),
            "quartiles": None if quartiles is None else [round(q) for q in quartiles],
            "wage_index": vt.adjustment_text(found.n, cmp.adjustment(found), lang),
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
            "headline": vt.headline(judged, gross, rub, lang),
            "reconciliation": vt.reconciliation(judged, lang),
        }  # fmt: skip
    return result


def lines(result: dict, rub, lang: str = "en") -> list[str]:
    """The report as printed lines in `lang`; `rub` formats roubles."""
    out = [tr("interval", lang, text=result["model_interval"]["text"])]
    found = result.get("comparables")
    if found is None:
        out.append(tr("no_warehouse", lang))
    else:
        quartiles = found["quartiles"]
        text = tr("comparables", lang, n=found["n"], conf=vt.conf_word(found["confidence"], lang),
                  window=found["window"])  # fmt: skip
        if found["dropped"]:
            dropped = ", ".join(tr(f"drop.{d}", lang) for d in found["dropped"])
            text += tr("dropped", lang, what=dropped)
        if quartiles:
            text += "; P25 — P50 — P75 " + " — ".join(rub(q) for q in quartiles)
        out.append(text)
        if found["wage_index"]:
            out.append(f"  {found['wage_index']}")
    offer = result.get("offer")
    if offer:
        percentile = offer["percentile"]
        where = "" if percentile is None else tr("where", lang, p=f"{percentile:.0f}")
        out.append(tr("offer", lang, amount=rub(offer["amount"]), basis=tr(offer["basis"], lang),
                      gross=rub(offer["monthly_gross"]), where=where))  # fmt: skip
        out.append(tr("verdict", lang, text=offer["headline"]))
        if offer["reconciliation"]:
            out.append(f"  {offer['reconciliation']}")
    return out


def effect_name(name: str, reference, lang: str | None = None) -> str:
    """The effect's label: for JSON (lang None) with the stored codes, as before; for people in
    `lang`, with the dashboard's words for the values."""
    from pipelines.analytics.value_names import value_name

    if name in ("english_level", "night_shifts"):
        return tr("eff_english" if name == "english_level" else "eff_night", lang or "en")
    if lang is None:
        return f"{name} (vs {reference})"
    return tr("eff_other", lang, name=tr(name, lang), reference=value_name(name, reference, lang))
