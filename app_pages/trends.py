"""Trends: median pay with its P25–P75 band, vacancy counts and the share with pay, over time, at
a step chosen from the data's density; and the composition-fixed pay index beside the raw
median."""

from __future__ import annotations

import streamlit as st

from app_pages import _common, _data, _pay
from app_pages._format import count, rub
from app_pages._i18n import lang, tr, widget_key
from app_pages.charts.model import percent
from app_pages.charts.trends import pay_index, pay_over_time, period_label
from pipelines.analytics.pay_index import index_only, index_step, with_raw_median
from pipelines.analytics.time_steps import MIN_FILLED, STEPS, choose_step, density, with_gaps
from pipelines.analytics.wage_index import MAX_SE, MIN_CELL_N, MIN_PERIOD_N
from pipelines.core.config import min_sample
from pipelines.core.moscow_time import DAY, moscow_text

T = {
    "title": ("Динамика зарплат", "Pay over time"),
    "grain": ("Шаг", "Step"),
    "auto": ("авто: {step}", "auto: {step}"),
    "week": ("неделя", "week"),
    "month": ("месяц", "month"),
    "quarter": ("квартал", "quarter"),
    "quarter_label": ("{q} кв. {year}", "Q{q} {year}"),
    "vacancies_metric": ("Вакансий", "Vacancies"),
    "vacancies": ("вакансий", "vacancies"),
    "with_pay": ("С зарплатой", "With pay"),
    "median_pay": ("Медиана зарплаты", "Median pay"),
    "employers": ("Работодателей", "Employers"),
    "band": ("P25–P75", "P25–P75"),
    "median": ("медиана", "median"),
    "share": ("доля с зарплатой", "share with pay"),
    "share_axis": ("с зарплатой, %", "with pay, %"),
    "thin": (
        "Серые точки — периоды, где меньше {n} вакансий с зарплатой: их медиана ненадёжна; n "
        "каждого периода — во всплывающей подсказке. Пустые периоды оставлены пробелами.",
        "Grey dots: periods with fewer than {n} vacancies with pay, whose median is unreliable; "
        "each period's n is in its hover. Periods without vacancies are left as gaps.",
    ),
    "caption": (
        "{basis} n = {n} вакансий с зарплатой за период {first} — {last}; данные на {as_of}.",
        "{basis} n = {n} vacancies with pay, published {first} — {last}; data as of {as_of}.",
    ),
    "density": (
        "Шаг «{step}»: в типичном периоде {typical} вакансий с зарплатой, вакансии есть в {filled} "
        "периодов. Авто выбирает самый мелкий шаг, где в типичном периоде не меньше {min} "
        "вакансий и заполнено не меньше {share} периодов.",
        "Step “{step}”: {typical} vacancies with pay in a typical period, vacancies in {filled} "
        "of the periods. Auto picks the finest step with at least {min} in a typical period and "
        "at least {share} of the periods filled.",
    ),
    "zone": ("МСК", "MSK"),
    "index_title": ("Индекс зарплат при неизменном составе", "Pay index at a fixed mix"),
    "index": ("индекс (состав фиксирован)", "index (fixed mix)"),
    "raw": ("медиана всех вакансий", "median of all vacancies"),
    "change_axis": ("изменение к базовому периоду", "change from the base period"),
    "cells": ("ячеек", "cells"),
    "index_caption": (
        "Индекс следит за медианой внутри ячеек «профессия × регион» (ячейки от {cell_n} "
        "вакансий) с весами, фиксированными по составу всей выборки, как Indeed Wage Tracker: "
        "если в выборке стало больше разработчиков, индекс не растёт, а медиана всех вакансий — "
        "растёт. 0 % — первый надёжный период ({base}). Серые точки — ненадёжные периоды: за "
        "звеном цепочки меньше {period_n} вакансий или его ошибка больше {se}. Подробно: "
        "`docs/wage-index.md`.",
        "The index follows the median within role family × region cells (cells of {cell_n}+ "
        "vacancies) weighted by the whole sample's fixed mix, as the Indeed Wage Tracker does: "
        "more developers in the sample raise the median of all vacancies, not the index. 0 %: the "
        "first reliable period ({base}). Grey dots: unreliable periods, with fewer than {period_n} "
        "vacancies behind the link or a standard error above {se}. Details: `docs/wage-index.md`.",
    ),
    "index_monthly": (
        "Индекс — по месяцам: за неделю в ячейке «профессия × регион» редко набирается 5 "
        "вакансий два периода подряд.",
        "The index is monthly: a role family × region cell rarely has 5 vacancies in two weeks "
        "running.",
    ),
    "no_index": (
        "Индекс не построен: меньше двух периодов, где его можно оценить надёжно — нужны ячейки "
        "«профессия × регион» от {cell_n} вакансий в соседних периодах и от {period_n} вакансий "
        "за звеном цепочки. На разрозненных выборках разных лет их обычно нет.",
        "No index: fewer than two periods where it can be estimated reliably — that needs role "
        "family × region cells of {cell_n}+ vacancies in neighbouring periods and {period_n}+ "
        "vacancies behind a link. Scattered samples from different years rarely have them.",
    ),
}

_common.require_data()
filters = _common.filters()
st.title(tr("title", T))

summary = _data.load("summary", filters)
_common.require_rows(summary, "vacancies")
row = summary.iloc[0]
cols = st.columns(4)
cols[0].metric(tr("vacancies_metric", T), count(row["vacancies"]))
cols[1].metric(tr("with_pay", T), count(row["with_pay"]))
cols[2].metric(_pay.median_label(), rub(row["median_pay"]), help=f"n = {count(row['with_pay'])}")
cols[3].metric(tr("employers", T), count(row["employers"]))

weekly = _data.load("trends", filters, grain="week")
minimum = min_sample()
auto = choose_step(weekly["period"], weekly["with_pay"], minimum)
options = ("auto", *STEPS)
labels = {g: tr(g, T) for g in STEPS} | {"auto": tr("auto", T, step=tr(auto, T))}
choice = st.segmented_control(
    tr("grain", T), options, key=widget_key("trends_grain", "auto"),
    format_func=labels.__getitem__,
) or "auto"  # fmt: skip
step = auto if choice == "auto" else choice
loaded = weekly if step == "week" else _data.load("trends", filters, grain=step)
series = with_gaps(loaded, step, counts=("vacancies", "with_pay"))
words = {k: tr(k, T) for k in ("median", "band", "vacancies", "share")}
words |= {"pay_axis": _pay.axis(), "share_axis": tr("share_axis", T), "lang": lang(),
          "small_sample": tr("small_sample"), "quarter": tr("quarter_label", T)}
figure = pay_over_time(series, minimum, words, step)
st.plotly_chart(figure, width="stretch")

overview = _data.load("overview").iloc[0]
st.caption(
    tr("caption", T, basis=_pay.basis(), n=count(row["with_pay"]),
       first=moscow_text(row["first_published"], DAY), last=moscow_text(row["last_published"], DAY),
       as_of=moscow_text(overview["last_loaded"], zone=tr("zone", T)))
)  # fmt: skip
typical, filled, _ = density(weekly["period"], weekly["with_pay"], step)
st.caption(tr("density", T, step=tr(step, T), typical=count(round(typical)),
              filled=percent(filled), min=minimum, share=percent(MIN_FILLED)))  # fmt: skip
if ((series["with_pay"] > 0) & (series["with_pay"] < minimum)).any():
    st.caption(tr("thin", T, n=minimum))

st.subheader(tr("index_title", T))
step_of_index = index_step(step)
# The raw median beside the index: the series already loaded at the index's step, if it is one.
at_step = loaded if step == step_of_index else _data.load("trends", filters, grain=step_of_index)
index = with_raw_median(_data.load(index_only, filters, step), at_step)
if (index["index"].notna() & ~index["thin"].astype(bool)).sum() < 2:
    st.info(tr("no_index", T, cell_n=MIN_CELL_N, period_n=MIN_PERIOD_N), icon=":material/info:")
else:
    index = with_gaps(index, step_of_index, counts=("n", "cells", "vacancies"))
    words = {k: tr(k, T) for k in ("index", "raw", "change_axis", "cells")}
    words |= {"small_sample": tr("small_sample"), "quarter": tr("quarter_label", T), "lang": lang()}
    st.plotly_chart(pay_index(index, words, step_of_index), width="stretch")
    base = index.loc[index["index"].notna() & ~index["thin"].fillna(True).astype(bool), "period"]
    st.caption(tr("index_caption", T, cell_n=MIN_CELL_N, period_n=MIN_PERIOD_N,
                  se=percent(MAX_SE),
                  base=period_label(base.iloc[0] if len(base) else None, step_of_index,
                                    tr("quarter_label", T))))  # fmt: skip
    if step_of_index != step:
        st.caption(tr("index_monthly", T))
