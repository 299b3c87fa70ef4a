"""Offer benchmark: where a recruiter's offer sits among comparable vacancies, the model's range
and each input's effect, a verdict and a range to offer, exported as CSV and HTML."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

import streamlit as st

from app_pages import _common, _data
from app_pages._benchmark_form import (
    constraint,
    effect_label,
    offer_form,
    offer_from_url,
    offer_to_url,
    share_link,
    signed,
)
from app_pages._benchmark_texts import TEXTS
from app_pages._format import count, rub
from app_pages._i18n import lang, tr, value_label
from app_pages.charts.benchmark import comparable_pay, effects
from pipelines.analytics import comparables as cmp
from pipelines.analytics import offer as bm
from pipelines.analytics import verdict
from pipelines.analytics import verdict_text as vt
from pipelines.analytics.filters import Filters
from pipelines.analytics.stats import confidence
from pipelines.core.config import min_sample
from pipelines.core.safe_csv import csv_bytes
from pipelines.normalise.payroll import gross_to_net_monthly

T = {
    "title": ("Оценка оффера", "Offer benchmark"),
    **TEXTS,
}


_common.require_data()
filters = _common.filters()
st.title(tr("title", T))
options = _data.load("options")
offer_from_url(options)
offer_form(options, T)
offer = st.session_state.get("benchmark_offer")
if offer is None:
    st.info(tr("fill", T), icon=":material/edit:")
    st.stop()
offer_to_url(offer)

today = date.today()
try:
    conversion = bm.monthly_gross(offer, today)
except ValueError as exc:  # PayError included: an amount no pay rule can read
    st.error(str(exc))
    st.stop()
amount = conversion.monthly_gross
# Comparables follow the sidebar's period and source only: the offer itself says the rest.
scope = Filters(period_from=filters.period_from, period_to=filters.period_to, source=filters.source)
sample = _data.load("comparable_pay", scope, offer.role_family, offer.work_format,
                    offer.night_shifts, offer.english != "none", offer.experience)  # fmt: skip
# The wage index depends on the scope only: cached apart from the offer.
sample = cmp.with_wage_adjustment(sample, _data.load("wage_factors", scope))
minimum = min_sample()
newest = sample["newest"].iloc[0] if len(sample) else None
found = bm.choose_comparables(sample, offer, minimum, newest)
quartiles, percentile = bm.market_quartiles(found.pays), bm.percentile_of(amount, found.pays)
n = count(found.n)
market_conf = vt.conf_word(confidence(found.n), lang())
model, card, why_not = _data.model()
row = bm.model_row(offer)
prediction, effects_found = bm.predict_offer(model, row) if model else (None, {})
overview = _data.load("overview")
synthetic = overview is not None and overview.at[0, "synthetic"] > 0
model_est = verdict.model_estimate(prediction, card)
# A model trained on other data (another warehouse, demo vs real) does not judge this one.
other_data = isinstance(why_not, _data.ForeignModel)
judged = verdict.decide(amount, verdict.market_estimate(found), None if other_data else model_est,
                        "other_data" if other_data else "no_model")  # fmt: skip

# The figures follow what the user typed (на руки or до НДФЛ); the other basis is said below.
typed_net = not offer.gross
basis_word = tr("net" if typed_net else "gross", T)
shown = (lambda v: v and gross_to_net_monthly(v, today)) if typed_net else (lambda v: v)
cols = st.columns(4)
cols[0].metric(tr("offer_basis", T, basis=basis_word), rub(shown(amount)))
cols[1].metric(tr("percentile_short", T), "—" if percentile is None else f"{percentile:.0f}",
               help=f"{tr('percentile_help', T)} {tr('n_conf', T, n=n, conf=market_conf)}")
cols[2].metric(f"{tr('median', T)}, {basis_word}", rub(shown(quartiles and quartiles[1])),
               help=tr("n_conf", T, n=n, conf=market_conf))  # fmt: skip
cols[3].metric(f"{tr('model_p50', T)}, {basis_word}", rub(shown(prediction and prediction["p50"])),
               help=model_est and vt.range_text(model_est, rub, lang()))  # fmt: skip
other = (lambda v: v) if typed_net else (lambda v: v and gross_to_net_monthly(v, today))
st.caption(tr("other_basis", T, basis=tr("gross" if typed_net else "net", T),
              offer=rub(other(amount)), median=rub(other(quartiles and quartiles[1])),
              p50=rub(other(prediction and prediction["p50"]))))  # fmt: skip
# The confidence of each figure above in words, not only in the hovers.
sure = [tr("market_sure", T, n=n, conf=market_conf)]
if model_est:
    sure.append(tr("model_sure", T, word=vt.conf_word(model_est.confidence, lang()),
                   pct=round(model_est.width * 100)))  # fmt: skip
st.caption(" · ".join(sure))
converted = bm.conversion_text(offer, conversion, rub, lang())
# normalise_pay's record of the rule is in English: the Russian text above says the same.
rule = f" ({tr('rule', T)}: {conversion.note})" if lang() == "en" else ""
st.caption(f"{tr('conversion', T)}: {converted}{rule}.")

lines = {"verdict": vt.headline(judged, amount, rub, lang()),
         "reconciliation": vt.reconciliation(judged, lang())}  # fmt: skip
shown = st.warning if judged.position in ("below", None) else st.success
shown(f"**{tr('verdict', T)}:** {escape(lines['verdict'], quote=False)}")
if lines["reconciliation"]:
    st.caption(lines["reconciliation"])
if recommended := verdict.recommended_range(judged):
    low, high, basis = recommended
    low_net, high_net = (rub(gross_to_net_monthly(v, today)) for v in (low, high))
    basis = (tr("range_market", T, n=n, conf=market_conf) if basis == "market"
             else tr("range_model", T))  # fmt: skip
    net = "" if offer.gross else f"; {tr('range_net', T, low=low_net, high=high_net)}"
    lines["range"] = f"{rub(low)} — {rub(high)} {tr('gross', T)}{net} ({basis})"
    st.markdown(f"**{tr('range', T)}:** {lines['range']}")

kept = "; ".join(constraint(c, offer, T) for c in ("role_family", *found.step.kept))
window = vt.window_text(found.months, lang()) if found.newest is not None else ""
lines["comparables"] = (f"n = {n} ({tr('confidence')}: {market_conf}); {kept}"
                        + (f"; {window}" if window else ""))  # fmt: skip
if found.step.dropped:
    dropped = "; ".join(constraint(c, offer, T) for c in found.step.dropped)
    lines["comparables"] += f"; {tr('dropped', T, min=minimum)}: {dropped}"
st.markdown(f"**{tr('comparables', T)}** ({escape(lines['comparables'])})")
lines["index"] = vt.adjustment_text(found.n, cmp.adjustment(found), lang())
ladder = tr("ladder", T, basis=tr("pay_basis"))
index_line = lines["index"][:1].upper() + lines["index"][1:]
st.caption(ladder + (f" {index_line}." if index_line else ""))
if not found.enough:
    st.warning(tr("few", T, n=n, min=minimum))
words = {"vacancies": tr("vacancies", T), "pay_axis": tr("pay_axis", T),
         "offer": tr("offer_line", T), "band": tr("band", T)}  # fmt: skip
band = model_est and (model_est.low, model_est.high)
if found.n:
    st.plotly_chart(comparable_pay(found.pays, amount, quartiles, words, band=band),
                    width="stretch")  # fmt: skip
else:  # no chart without data: axes around nothing say less than a sentence
    st.info(tr("no_comparables", T), icon=":material/search_off:")

st.subheader(tr("model", T))
effect_rows = sorted(
    ((effect_label(k, ref, row, offer, T), d) for k, (ref, d) in effects_found.items()),
    key=lambda item: -abs(item[1]),
)
if isinstance(why_not, _data.ForeignModel):  # trained on other data: market figures only
    st.warning(why_not, icon=":material/block:")
elif prediction is None:
    st.info(tr("no_model", T), icon=":material/smart_toy:")
else:
    lines["model"] = " — ".join(rub(prediction[q]) for q in ("p10", "p50", "p90"))
    lines["model_width"] = tr("width", T, width=rub(model_est.high - model_est.low),
                              pct=round(model_est.width * 100),
                              word=vt.conf_word(model_est.confidence, lang()))  # fmt: skip
    kind = tr("real_kind" if card.get("data") == "real" else "synthetic_kind", T)
    model_card = tr("model_card", T, version=card["version"], data=kind)
    st.markdown(f"**{tr('model_range', T)}:** {lines['model']}; {lines['model_width']} "
                f"({model_card})")  # fmt: skip
    st.caption(tr("effects", T))
    if effect_rows:
        st.plotly_chart(effects(effect_rows, {"axis": tr("effects_axis", T)}), width="stretch")
    else:
        st.caption(tr("no_effects", T))

described = ("role_family", "sector", "schedule", "work_format", "region", "experience")
inputs = [(tr(name), value_label(name, getattr(offer, name))) for name in described]
market_range = " — ".join(rub(q) for q in quartiles) if quartiles else "—"
report = bm.Report(
    title=tr("report", T, date=f"{today:%d.%m.%Y}"),
    rows=(
        (tr("job_title", T), offer.title or "—"), *inputs,
        (tr("night"), "✓" if offer.night_shifts else "—"),
        (tr("english", T), tr("none", T) if offer.english == "none" else offer.english.upper()),
        (tr("conversion", T), f"{converted}{rule}"),
        (tr("offer_both", T), f"{rub(amount)} {tr('gross', T)}; "
                              f"{rub(gross_to_net_monthly(amount, today))} {tr('net', T)}"),
        (tr("percentile", T), "—" if percentile is None
         else f"{percentile:.0f} ({tr('n_conf', T, n=n, conf=market_conf)})"),
        (tr("comparables", T), lines["comparables"]),
        (tr("wage_index", T), lines["index"] or "—"),
        (f"P25 — P50 — P75, {tr('gross', T)}",
         f"{market_range} ({tr('n_conf', T, n=n, conf=market_conf)})"),
        (tr("model_range", T), lines.get("model", "—")),
        (tr("model_width", T), lines.get("model_width", "—")),
        (tr("verdict", T), lines["verdict"]),
        (tr("leans", T), lines["reconciliation"] or "—"),
        (tr("range", T), lines.get("range", "—")),
        (tr("data_kind", T), tr("synthetic_kind" if synthetic else "real_kind", T)),
        (tr("date", T), f"{today:%d.%m.%Y}"),
    ),
    effects=tuple((label, signed(delta)) for label, delta in effect_rows),
    effects_heading=tr("effects", T), notes=(ladder,),
)  # fmt: skip
link = share_link(T)
if link:
    report = replace(report, link=(tr("link", T), link))
left, right = st.columns(2)
left.download_button(tr("csv", T), csv_bytes(bm.report_frame(report)),
                     file_name=f"offer-benchmark-{today}.csv", mime="text/csv")  # fmt: skip
right.download_button(tr("html", T), bm.summary_html(report, lang()).encode("utf-8"),
                      file_name=f"offer-benchmark-{today}.html", mime="text/html")  # fmt: skip
