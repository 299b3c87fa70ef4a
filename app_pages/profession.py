"""Profession: what employers ask and offer (requirements, duties, tools, conditions) with the
share, n, trend and pay effect of each, the request load, sectors, the career ladder and the
market brief to download — for whatever the sidebar selects."""

from __future__ import annotations

import streamlit as st

from app_pages import _common, _data, _pay
from app_pages._format import count, rub
from app_pages._i18n import lang, tr, value_label
from app_pages.charts import profession as charts
from pipelines.analytics import brief_render, ladder, profession
from pipelines.analytics.brief import BriefError, compose
from pipelines.analytics.value_names import VALUES
from pipelines.core.config import min_sample

T = {
    "title": ("Профессия", "Profession"),
    "scope": ("{n} вакансий, опубликованы {first} — {last}; с зарплатой {n_pay} (достоверность: "
              "{conf}).", "{n} vacancies published {first} — {last}; with pay {n_pay} "
              "(confidence: {conf})."),
    "median": ("Медиана зарплаты", "Median pay"), "vacancies": ("Вакансий", "Vacancies"),
    "with_pay": ("С зарплатой", "With pay"),
    "ask": ("Что требуют работодатели", "What employers ask"),
    "offer": ("Что предлагают", "What they offer"),
    "duties": ("Обязанности", "Duties"), "tools": ("Инструменты", "Tools"),
    "empty": ("В текстах описаний не найдено (вакансий с описанием: n = {n}).",
              "Not found in the descriptions (vacancies with one: n = {n})."),
    "items_note": (
        "Доля — среди {n} отобранных вакансий с текстом описания (всего отобрано {total}; у "
        "остальных только название, из него требований не прочитать). Зарплата сравнивает "
        "медианы вакансий с пунктом и без него внутри одной профессии (90 % интервал); «не "
        "отличимо от нуля» — интервал захватывает 0; «нет данных» — меньше {min} вакансий с "
        "одной из сторон. «Мало данных» — пункт встречается реже {min} раз.",
        "Share among the {n} selected vacancies with a description (of {total} selected; the "
        "others have a title alone, which says little of requirements). Pay compares the "
        "medians with and without the item within a role family (90 % interval); “not "
        "distinguishable from zero”: the interval spans 0; “no data”: fewer than {min} "
        "vacancies on one side. “Small sample”: the item appears fewer than {min} times."),
    "load": ("Нагрузка: обращений и чатов", "Request load"),
    "load_stated": ("{what}: указано в {share} вакансий (n = {n}), медиана {p50}",
                    "{what}: stated in {share} of vacancies (n = {n}), median {p50}"),
    "no_load": ("Нагрузку в текстах этих вакансий не указывают (n = {n}).",
                "These vacancies do not state a request load (n = {n})."),
    "high_load": ("Больше 100 обращений за смену против меньшего числа (среди указавших, внутри "
                  "профессии): {premium}; n = {n_with} / {n_without}.",
                  "Over 100 requests a shift against fewer (among those stating it, within role "
                  "family): {premium}; n = {n_with} / {n_without}."),
    "sectors": ("Кто нанимает", "Who hires"),
    "ladder": ("Карьерная лестница: {role}", "Career ladder: {role}"),
    "ladder_note": ("По {n} вакансиям профессий лестницы. {basis} Прибавка "
                    "сравнивает медианы соседних ступеней (90 % интервал).",
                    "From {n} vacancies of the ladder's families. {basis} The gain "
                    "compares the medians of neighbouring steps (90 % interval)."),
    "brief": ("Скачать обзор рынка (HTML)", "Download the market brief (HTML)"),
    "brief_md": ("Markdown", "Markdown"),
    "brief_none": ("Обзор не собрать: {why}", "No brief: {why}"),
}
LISTS = (("requirements", "ask"), ("conditions", "offer"), ("duties", "duties"),
         ("tools", "tools"))  # fmt: skip

_common.require_data()
filters = _common.filters()
language = lang()
st.title(tr("title", T))
minimum = min_sample()
frame = _data.load("profession_sample", filters)
_common.require_rows(frame)


@st.cache_data(show_spinner=False, max_entries=16)
def _stats(frame, minimum: int) -> dict:
    found = {f: profession.items(frame, f, minimum) for f in profession.LISTS}
    grain = profession.trend_grain(frame)
    # Sparklines over the periods with enough vacancies: a share of 3 vacancies is noise.
    trends = {f: (t := profession.trend(frame, f, list(found[f]["code"]), grain))[
                  t["n"] >= minimum] for f in profession.LISTS}  # fmt: skip
    return {"items": found, "trends": trends, "pay": profession.pay_summary(frame),
            "load": profession.load_summary(frame), "bands": profession.load_bands(frame, minimum),
            "sectors": profession.sectors(frame, minimum), "grain": grain,
            "drivers": profession.drivers(frame, minimum).set_index("driver"),
            "described": len(profession.described(frame))}  # fmt: skip


stats = _stats(frame, minimum)
pay = stats["pay"]
st.caption(tr("scope", T, n=count(pay["n"]), first=pay["first"], last=pay["last"],
              n_pay=count(pay["n_pay"]), conf=tr(f"confidence.{pay['confidence']}")))
left, middle, right = st.columns(3)
left.metric(tr("vacancies", T), count(pay["n"]))
middle.metric(tr("with_pay", T), count(pay["n_pay"]))
right.metric(tr("median", T), rub(pay["p50"]), help=f"n = {count(pay['n_pay'])}")


def _items(field: str, heading: str, column) -> None:
    column.subheader(tr(heading, T))
    found = stats["items"][field]
    if found.empty:
        column.caption(tr("empty", T, n=count(stats["described"])))
        return
    table = charts.item_table(found, stats["trends"][field], language, stats["grain"])
    share = charts.COLUMNS["share"][language != "ru"]
    trend = charts.COLUMNS[f"trend_{stats['grain']}"][language != "ru"]
    column.dataframe(table, hide_index=True, column_config={
        share: st.column_config.ProgressColumn(share, format="percent", min_value=0, max_value=1),
        trend: st.column_config.LineChartColumn(trend, y_min=0, y_max=1),
    })  # fmt: skip


for row in (LISTS[:2], LISTS[2:]):
    for (field, heading), column in zip(row, st.columns(2), strict=True):
        _items(field, heading, column)
st.caption(tr("items_note", T, n=count(stats["described"]), total=count(len(frame)),
              min=minimum))

st.subheader(tr("load", T))
stated = stats["load"][stats["load"]["n"] > 0]
for r in stated.to_dict("records"):
    st.write(tr("load_stated", T, what=charts.label(r["measure"], language), n=count(r["n"]),
                share=charts.percent(r["share"]), p50=charts.number(r["p50"])))  # fmt: skip
if stated.empty:
    st.caption(tr("no_load", T, n=count(stats["described"])))
else:
    st.dataframe(charts.load_table(stats["bands"], language), hide_index=True)
    high = stats["drivers"].loc["high_load"].to_dict()
    st.caption(tr("high_load", T, premium=charts.premium_text(high, language),
                  n_with=count(high["n_with"]), n_without=count(high["n_without"])))

st.subheader(tr("sectors", T))
st.dataframe(charts.pay_bands(stats["sectors"], "sector", language, VALUES["sector"],
                              premium=True), hide_index=True)  # fmt: skip

role = filters.role_family[0] if len(filters.role_family) == 1 else (
    frame["role_family"].mode().iloc[0] if frame["role_family"].notna().any() else "other")
ladder_rows = _data.load("profession_sample",
                         filters.with_(role_family=ladder.ladder_families(role)))
steps = ladder.ladder(ladder_rows, role, minimum)
st.subheader(tr("ladder", T, role=value_label("role_family", role)))
st.plotly_chart(charts.ladder_chart(steps, language), width="stretch")
st.dataframe(charts.ladder_table(steps, language), hide_index=True)
st.caption(tr("ladder_note", T, n=count(len(ladder_rows)), basis=_pay.basis()))

try:
    brief = compose(frame[frame["role_family"] == role], ladder_rows, role, minimum=minimum)
    # The brief reads the selected vacancies; its role and region come from the sidebar.
    brief["region"] = list(filters.region)
    name = f"payscope-brief-{role}-{language}"
    left, right = st.columns(2)
    left.download_button(tr("brief", T), brief_render.html(brief, language), f"{name}.html",
                         mime="text/html", icon=":material/download:")
    right.download_button(tr("brief_md", T), brief_render.markdown(brief, language),
                          f"{name}.md", mime="text/markdown", icon=":material/download:")
except BriefError as exc:
    st.caption(tr("brief_none", T, why=exc))
