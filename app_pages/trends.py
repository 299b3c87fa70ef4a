"""Trends: median pay with its P25–P75 band, vacancy counts and the share with pay, over time."""

from __future__ import annotations

import streamlit as st

from app_pages import _common, _data, _pay
from app_pages._format import count, rub
from app_pages._i18n import lang, tr, widget_key
from app_pages.charts.trends import pay_over_time
from pipelines.config import min_sample

T = {
    "title": ("Динамика зарплат", "Pay over time"),
    "grain": ("Шаг", "Step"),
    "week": ("неделя", "week"),
    "month": ("месяц", "month"),
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
        "Периоды, где меньше {n} вакансий с зарплатой, отмечены серым: их медиана ненадёжна.",
        "Periods with fewer than {n} vacancies with pay are grey: their median is unreliable.",
    ),
    "caption": (
        "{basis} n = {n} вакансий с зарплатой за период {first} — {last}.",
        "{basis} n = {n} vacancies with pay, published {first} — {last}.",
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

grain = st.segmented_control(
    tr("grain", T), ("week", "month"), key=widget_key("trends_grain", "week"),
    format_func={g: tr(g, T) for g in ("week", "month")}.__getitem__,
) or "week"  # fmt: skip
series = _data.load("trends", filters, grain=grain)
minimum = min_sample()
words = {k: tr(k, T) for k in ("median", "band", "vacancies", "share")}
words.update(pay_axis=_pay.axis(), share_axis=tr("share_axis", T), lang=lang())
figure = pay_over_time(series, minimum, {**words, "small_sample": tr("small_sample")})
st.plotly_chart(figure, width="stretch")

st.caption(
    tr("caption", T, basis=_pay.basis(), n=count(row["with_pay"]),
       first=f"{row['first_published']:%d.%m.%Y}", last=f"{row['last_published']:%d.%m.%Y}")
)  # fmt: skip
if (series["with_pay"] < minimum).any():
    st.caption(tr("thin", T, n=minimum))
