"""Overview: what is in the warehouse and how pay is distributed."""

import plotly.express as px
import streamlit as st

from app_pages import _data
from app_pages._format import count, rub

st.title("PayScope — обзор рынка")

overview = _data.load("overview")
if overview is None or int(overview.at[0, "vacancies"]) == 0:
    st.info(
        "Данных пока нет. Загрузите снимки вакансий: `payscope ingest PATH`, "
        "или соберите демо-склад: `payscope demo`."
    )
    st.stop()

row = overview.iloc[0]
if row["synthetic"] > 0:
    st.warning(
        "**Демо-данные — синтетические.** Вакансии сгенерированы `payscope demo` и не описывают "
        "реальный рынок.",
        icon="⚠️",
    )

cols = st.columns(4)
cols[0].metric("Вакансий", count(row["vacancies"]))
cols[1].metric("С зарплатой (в статистике)", count(row["pay_in_stats"]))
cols[2].metric("Снимков", count(row["snapshots"]))
cols[3].metric("В карантине", count(row["quarantined"]))
st.caption(
    f"Опубликованы {row['first_published']:%d.%m.%Y} — {row['last_published']:%d.%m.%Y}; "
    f"последний снимок {row['last_fetched']:%d.%m.%Y %H:%M} UTC."
)

pay = _data.load("pay_in_stats")
st.subheader("Распределение зарплат")
if len(pay) == 0:
    st.info("Нет вакансий с зарплатой, пригодной для статистики.")
    st.stop()
median = pay["pay_mid_rub"].median()
st.caption(
    f"Месячная зарплата до вычета НДФЛ в рублях (середина вилки), n = {count(len(pay))}, "
    f"медиана {rub(median)}. Значения с флагами (ниже половины МРОТ, неправдоподобно высокие, "
    "непереводимые в месяц) исключены."
)
clipped = pay[pay["pay_mid_rub"] <= pay["pay_mid_rub"].quantile(0.99)]
figure = px.histogram(
    clipped, x="pay_mid_rub", nbins=60, labels={"pay_mid_rub": "₽ в месяц, gross"}
)
figure.update_traces(hovertemplate="%{x:,.0f} ₽: %{y} вакансий<extra></extra>")
figure.update_layout(yaxis_title="вакансий", separators=", ", bargap=0.05, xaxis_tickformat=",.0f")
figure.add_vline(x=median, line_dash="dash", annotation_text=f"медиана {rub(median)}")
st.plotly_chart(figure, width="stretch")
if len(clipped) < len(pay):
    st.caption(f"На графике не показан верхний 1 % ({count(len(pay) - len(clipped))} вакансий).")
