"""Segments: pay percentiles per sector, role family, schedule, … with n on every bar, and the
English, night-shift and remote premiums compared within role family."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import _common, _data, _pay
from app_pages._format import count, styled
from app_pages._i18n import tr, value_label, widget_key
from app_pages._regions import regions_section
from app_pages.charts.segments import pay_by_segment, rank_segments, signed_percent
from pipelines.analytics.premiums import TRAITS, premiums
from pipelines.analytics.stats import NO_DATA, SPANS_ZERO
from pipelines.core.config import min_sample

T = {
    "title": ("Зарплаты по сегментам", "Pay by segment"),
    "dimension": ("Разрез", "Break down by"),
    "min_n": ("Минимум вакансий в сегменте", "Minimum vacancies per segment"),
    "min_n_help": (
        "Сегменты и группы меньше этого числа вакансий с зарплатой помечаются и не ранжируются.",
        "Segments and groups with fewer vacancies with pay are flagged and not ranked.",
    ),
    "median": ("медиана", "median"),
    "band": ("P25–P75", "P25–P75"),
    "range": ("P10–P90", "P10–P90"),
    "caption": (
        "{basis} n = {n} вакансий с зарплатой. Толстая полоса — P25–P75, тонкая — P10–P90, "
        "штрих — медиана; сегменты упорядочены по медиане.",
        "{basis} n = {n} vacancies with pay. Thick bar: P25–P75, thin bar: P10–P90, tick: "
        "median; segments are ordered by median.",
    ),
    "small": (
        "Серые сегменты (меньше {n} вакансий с зарплатой) помечены «мало данных» и не "
        "ранжируются: их перцентили ненадёжны.",
        "Grey segments (fewer than {n} vacancies with pay) are marked “small sample” and not "
        "ranked: their percentiles are unreliable.",
    ),
    "long_tail": (
        "Показаны {shown} крупнейших сегментов по числу вакансий; ещё {hidden} — в фильтре слева.",
        "Showing the {shown} largest segments by vacancies; {hidden} more via the sidebar filter.",
    ),
    "multi_language": (
        "Вакансия с несколькими языками входит в каждый из них.",
        "A vacancy asking for several languages counts in each of them.",
    ),
    "table": ("Таблица", "Table"),
    "rank": ("Место", "Rank"),
    "segment": ("Сегмент", "Segment"),
    "premiums": ("Надбавки внутри профессии", "Premiums within role family"),
    "english": ("Английский", "English"),
    "night_shifts": ("Ночные смены", "Night shifts"),
    "remote": ("Удалённая работа", "Remote work"),
    "interval": ("{level} % интервал: {low} … {high}", "{level} % interval: {low} … {high}"),
    "counts": (
        "n = {n_with} с признаком / {n_without} без, профессий: {strata}",
        "n = {n_with} with / {n_without} without, role families: {strata}",
    ),
    "few_with": (
        "Не считаем: с признаком {n_with} вакансий, нужно хотя бы {min}.",
        "Not estimated: {n_with} vacancies with it, at least {min} needed.",
    ),
    "few_without": (
        "Не считаем: без признака {n_without} вакансий, нужно хотя бы {min}.",
        "Not estimated: {n_without} vacancies without it, at least {min} needed.",
    ),
    "no_overlap": (
        "Не считаем: ни в одной профессии нет вакансий и с признаком, и без — сравнивать не с чем.",
        "Not estimated: no role family has vacancies both with and without it to compare.",
    ),
    "sampled": (
        "Надбавки оценены по воспроизводимой случайной выборке: {sample} из {total} вакансий с "
        "зарплатой; n выше — в выборке.",
        "Premiums are estimated on a reproducible random sample: {sample} of {total} vacancies "
        "with pay; the n above are in the sample.",
    ),
    "no_data": ("нет данных", "no data"),
    "no_data_with": (
        "Нет данных: среди выбранных вакансий с зарплатой нет ни одной с этим признаком.",
        "No data: none of the selected vacancies with pay has this trait.",
    ),
    "no_data_without": (
        "Нет данных: у всех выбранных вакансий с зарплатой этот признак есть — сравнивать не с "
        "чем.",
        "No data: every selected vacancy with pay has this trait — nothing to compare with.",
    ),
    "spans_zero": (
        "**Не отличимо от нуля**: интервал включает 0.",
        "**Not distinguishable from zero**: the interval holds 0.",
    ),
    "method": (
        "Надбавка — во сколько медиана зарплаты вакансий с признаком выше медианы без него в той "
        "же профессии; профессии усреднены с весом меньшей из двух групп. Интервал — кластерный "
        "бутстреп по работодателям (200 повторов): вакансии одного работодателя не независимы, "
        "поэтому повторы берут работодателей целиком; интервал не уже, чем даёт разброс зарплат "
        "при этих n. Это описание вакансий, а не причина: внутри профессии могут отличаться "
        "регион, опыт и работодатель.",
        "A premium is how much higher the median pay with the trait is than without it in the "
        "same role family; role families are averaged weighted by the smaller group. Interval: a "
        "cluster bootstrap by employer (200 resamples): one employer's vacancies are not "
        "independent, so resamples take whole employers; it is never narrower than the spread of "
        "pay allows at these n. It describes vacancies, not a cause: region, experience and "
        "employer may differ within a role family.",
    ),
}
DIMENSIONS = (
    "sector", "role_family", "schedule", "night_shifts", "language", "experience", "work_format",
    "region",
)  # fmt: skip
TOP = 20

_common.require_data()
filters = _common.filters()
st.title(tr("title", T))

wanted = st.query_params.get("dim")  # a new session: the URL decides
dimension_key = widget_key("segments_dim", wanted if wanted in DIMENSIONS else DIMENSIONS[0])
labels = {d: tr("night" if d == "night_shifts" else d) for d in DIMENSIONS}
left, right, _ = st.columns([2, 2, 3], vertical_alignment="bottom")
# A select box: eight Russian labels in a row do not fit 1400 px (the last one was cut off).
dimension = left.selectbox(
    tr("dimension", T), DIMENSIONS, key=dimension_key, format_func=labels.__getitem__,
) or DIMENSIONS[0]  # fmt: skip
if st.query_params.get("dim") != dimension:
    st.query_params["dim"] = dimension
minimum = int(right.number_input(
    tr("min_n", T), min_value=1, max_value=100_000, value=min_sample(), step=1,
    key="segments_min_n", help=tr("min_n_help", T),
))  # fmt: skip

summary = _data.load("summary", filters)
_common.require_rows(summary, "with_pay")
segments = _data.load("segments", filters, dimension)
ranked, hidden = rank_segments(segments, minimum, TOP)
ranked["label"] = [value_label(dimension, v) for v in ranked["segment"]]
words = {k: tr(k, T) for k in ("median", "band", "range")}
words["pay_axis"] = _pay.axis()
st.plotly_chart(
    pay_by_segment(ranked, {**words, "small_sample": tr("small_sample")}), width="stretch"
)

st.caption(tr("caption", T, basis=_pay.basis(), n=count(summary.at[0, "with_pay"])))
if ranked["small"].any():
    st.caption(tr("small", T, n=minimum))
if hidden:
    st.caption(tr("long_tail", T, shown=len(ranked), hidden=hidden))
if dimension == "language":
    st.caption(tr("multi_language", T))
with st.expander(tr("table", T)):
    table = ranked[["rank", "label", "n", "p10", "p25", "p50", "p75", "p90"]].assign(
        rank=[tr("small_sample") if pd.isna(r) else str(r) for r in ranked["rank"]]
    ).rename(
        columns={"rank": tr("rank", T), "label": tr("segment", T)}
    )
    st.dataframe(styled(table, counts=("n",), roubles=("p10", "p25", "p50", "p75", "p90")),
                 hide_index=True)  # ₽ as in the metrics and the chart's hovers

st.subheader(tr("premiums", T))
with_pay = int(summary.at[0, "with_pay"])
found = _data.load(premiums, filters, minimum=minimum, population=with_pay).set_index("trait")
for column, trait in zip(st.columns(len(TRAITS)), TRAITS, strict=True):
    row = found.loc[trait]
    numbers = {"n_with": count(row["n_with"]), "n_without": count(row["n_without"])}
    no_data = row["reading"] == NO_DATA
    column.metric(tr(trait, T), tr("no_data", T) if no_data else signed_percent(row["estimate"]))
    if no_data:
        column.caption(tr("no_data_with" if row["all_with"] == 0 else "no_data_without", T))
    elif pd.isna(row["reason"]):
        low, high = signed_percent(row["low"]), signed_percent(row["high"])
        column.caption(tr("interval", T, level=round(row["level"] * 100), low=low, high=high))
        if row["reading"] == SPANS_ZERO:
            column.caption(tr("spans_zero", T))
        column.caption(tr("counts", T, strata=row["strata"], **numbers))
    else:
        column.caption(tr(row["reason"], T, min=count(minimum), **numbers))
st.caption(tr("method", T))
if int(found["sample"].iloc[0]) < int(summary.at[0, "with_pay"]):
    st.caption(tr("sampled", T, sample=count(found["sample"].iloc[0]),
                  total=count(summary.at[0, "with_pay"])))  # fmt: skip

regions_section(filters)  # app_pages/_regions.py: Moscow, St Petersburg, million-plus, remote
