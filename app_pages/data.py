"""Data: what the warehouse holds — freshness, loads per snapshot, quarantine, coverage by source,
pay status, and the rules that turn posted pay into monthly gross roubles."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from app_pages import _common, _data
from app_pages._format import count, percent, styled
from app_pages._i18n import lang, tr
from app_pages.charts import data as charts
from pipelines.core.moscow_time import moscow_columns, moscow_text
from pipelines.warehouse import report

T = {
    "title": ("Данные", "Data"),
    "vacancies": ("Вакансий", "Vacancies"),
    "share_pay": ("Доля с зарплатой", "Share with pay"),
    "snapshots": ("Снимков", "Snapshots"),
    "quarantined": ("В карантине", "Quarantined"),
    "share_help": (
        "{k} из {n} вакансий: зарплата пригодна для статистики",
        "{k} of {n} vacancies: pay usable in statistics",
    ),
    "fresh": (
        "Последний снимок получен {at} ({age} назад), загружен {loaded}.",
        "Last snapshot fetched {at} ({age} ago), loaded {loaded}.",
    ),
    "stale": (
        "Данные устарели: последнему снимку больше {days} дней. Скачайте и загрузите свежий: "
        "`payscope fetch hh`, затем `payscope ingest ПАПКА` (или `payscope refresh`).",
        "The data is stale: the last snapshot is over {days} days old. Fetch and load a fresh "
        "one: `payscope fetch hh`, then `payscope ingest FOLDER` (or `payscope refresh`).",
    ),
    "loads": ("Загрузки по датам снимков", "Loads by snapshot date"),
    "loaded": ("загружено", "loaded"),
    "duplicate": ("дубли", "duplicates"),
    "in_quarantine": ("в карантине", "quarantined"),
    "records": ("записей", "records"),
    "loads_caption": (
        "Записей прочитано: {read} = {loaded} загружено + {quarantined} в карантине "
        "+ {duplicate} дублей, в {n} снимках.",
        "Records read: {read} = {loaded} loaded + {quarantined} quarantined + "
        "{duplicate} duplicates, in {n} snapshots.",
    ),
    "snapshot_table": ("Снимки", "Snapshots"),
    "fetched": ("Получен, МСК", "Fetched, MSK"),
    "zone": ("МСК", "MSK"),
    "path": ("Файл или папка", "File or folder"),
    "files": ("Файлов", "Files"),
    "read": ("Прочитано", "Read"),
    "quarantine": ("Карантин по причинам", "Quarantine by reason"),
    "no_quarantine": ("Карантин пуст: все записи загружены.", "Quarantine is empty."),
    "reason": ("Код причины", "Reason code"),
    "meaning": ("Что не так", "What is wrong"),
    "n_records": ("Записей (n)", "Records (n)"),
    "pay_status": ("Зарплата в загруженных вакансиях", "Pay in the loaded vacancies"),
    "status": ("Статус", "Status"),
    "in_stats": ("В статистике", "In statistics"),
    "n_vacancies": ("Вакансий (n)", "Vacancies (n)"),
    "sources": ("Покрытие по источникам", "Coverage by source"),
    "with_pay": ("С зарплатой", "With pay"),
    "pay_in_stats": ("В статистике", "In statistics"),
    "share": ("Доля в статистике", "Share in statistics"),
    "first": ("Первая публикация", "First published"),
    "last": ("Последняя публикация", "Last published"),
    "last_fetched": ("Последний снимок, МСК", "Last snapshot, MSK"),
    "rules": ("Как нормализуется зарплата", "How pay is normalised"),
    "step": ("Шаг", "Step"),
    "rule": ("Правило", "Rule"),
    "doc": (
        "Полные правила с источниками: `docs/pay-normalisation.md`",
        "Full rules with sources: `docs/pay-normalisation.md`",
    ),
}

_common.require_data()
st.title(tr("title", T))
language = lang()
now = datetime.now(UTC).replace(tzinfo=None)

totals = _data.load(report.counts).iloc[0]
cols = st.columns(4)
cols[0].metric(tr("vacancies", T), count(totals["vacancies"]))
cols[1].metric(
    tr("share_pay", T), percent(totals["pay_in_stats"] / totals["vacancies"]),
    help=tr("share_help", T, k=count(totals["pay_in_stats"]), n=count(totals["vacancies"])),
)  # fmt: skip
cols[2].metric(tr("snapshots", T), count(totals["snapshots"]))
cols[3].metric(tr("quarantined", T), count(totals["quarantined"]))

hours = charts.age_hours(totals["last_fetched"], now)
if hours is not None:
    st.caption(tr("fresh", T, at=moscow_text(totals["last_fetched"], zone=tr("zone", T)),
                  age=charts.age_text(hours, language),
                  loaded=moscow_text(totals["last_loaded"], zone=tr("zone", T))))  # fmt: skip
if charts.is_stale(hours):
    st.warning(tr("stale", T, days=charts.STALE_DAYS), icon=":material/schedule:")

st.subheader(tr("loads", T))
snapshots = moscow_columns(_data.load(report.snapshots), ("fetched_at", "loaded_at"))
words = {k: tr(k, T) for k in ("loaded", "duplicate", "snapshots", "records")}
words["quarantined"] = tr("in_quarantine", T)
st.plotly_chart(charts.loads_over_time(snapshots, words), width="stretch")
sums = snapshots[["records_read", "records_loaded", "records_quarantined", "records_duplicate"]]
sums = {k.removeprefix("records_"): count(v) for k, v in sums.sum().items()}
st.caption(tr("loads_caption", T, n=count(len(snapshots)), **sums))
with st.expander(tr("snapshot_table", T)):
    st.dataframe(
        styled(snapshots.sort_values("snapshot_id", ascending=False),
               counts=("files", "records_read", "records_loaded", "records_quarantined",
                       "records_duplicate")), hide_index=True,
        column_order=("snapshot_id", "source", "fetched_at", "files", "records_read",
                      "records_loaded", "records_quarantined", "records_duplicate", "path"),
        width="stretch",
        column_config={"snapshot_id": "#", "source": tr("source"),
                       "fetched_at": st.column_config.DatetimeColumn(tr("fetched", T),
                                                                     format="DD.MM.YYYY HH:mm"),
                       "files": tr("files", T), "records_read": tr("read", T),
                       "records_loaded": tr("loaded", T), "records_duplicate": tr("duplicate", T),
                       "records_quarantined": tr("quarantined", T), "path": tr("path", T)},
    )  # fmt: skip

st.subheader(tr("quarantine", T))
reasons = _data.load(report.quarantine_by_reason)
if reasons.empty:
    st.info(tr("no_quarantine", T), icon=":material/check_circle:")
else:
    reasons = reasons.assign(
        meaning=[charts.REASONS.get(r, (r, r))[language == "en"] for r in reasons["reason"]]
    )
    left, right = st.columns([1, 1])
    # The reason's code (docs/schema.md) only in its help: the table says what went wrong.
    left.dataframe(
        styled(reasons[["records", "meaning", "reason"]], counts=("records",)), hide_index=True,
        column_order=("records", "meaning"),
        column_config={"meaning": tr("meaning", T),
                       "records": st.column_config.NumberColumn(tr("n_records", T),
                                                                width="small")},
    )  # fmt: skip
    right.plotly_chart(
        charts.quarantine_chart(reasons, list(reasons["meaning"]), tr("records", T)),
        width="stretch",
    )  # fmt: skip

st.subheader(tr("pay_status", T))
status = _data.load(report.pay_status)
status = status.assign(
    label=[charts.PAY_STATUS.get(s, (s, s))[language == "en"] for s in status["status"]]
)
st.dataframe(
    styled(status[["label", "status", "in_stats", "vacancies"]], counts=("vacancies",)),
    hide_index=True, column_order=("label", "in_stats", "vacancies"),
    column_config={"label": tr("status", T),
                   "in_stats": st.column_config.CheckboxColumn(tr("in_stats", T)),
                   "vacancies": tr("n_vacancies", T)},
)  # fmt: skip

st.subheader(tr("sources", T))
coverage = _data.load(report.coverage_by_source)
st.dataframe(
    styled(moscow_columns(coverage, ("first_published", "last_published", "last_fetched")),
           counts=("vacancies", "with_pay", "pay_in_stats", "snapshots"),
           percents=("share_in_stats",)),
    hide_index=True,
    column_config={
        "source": tr("source"), "vacancies": tr("n_vacancies", T),
        "with_pay": tr("with_pay", T), "pay_in_stats": tr("pay_in_stats", T),
        "share_in_stats": tr("share", T),
        "first_published": st.column_config.DatetimeColumn(tr("first", T), format="DD.MM.YYYY"),
        "last_published": st.column_config.DatetimeColumn(tr("last", T), format="DD.MM.YYYY"),
        "snapshots": tr("snapshots", T),
        "last_fetched": st.column_config.DatetimeColumn(tr("last_fetched", T),
                                                        format="DD.MM.YYYY HH:mm"),
    },
)  # fmt: skip

st.subheader(tr("rules", T))
rules = charts.normalisation_rules(language, now.date())
st.table(rules.rename(columns={"rule": tr("rule", T)}).set_index("step").rename_axis(tr("step", T)))
st.caption(tr("doc", T))
if charts.NORMALISATION_DOC.exists() and language == "en":  # the document is in English
    with st.expander("docs/pay-normalisation.md"):
        st.markdown(charts.NORMALISATION_DOC.read_text(encoding="utf-8"))
