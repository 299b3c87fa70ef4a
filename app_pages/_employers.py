"""The Vacancies page's «who pays most» block: the best-paying employers of the current
selection, each with its n and confidence; employers with fewer than the minimum n are left out,
and the block says so instead of ranking thin samples."""

from __future__ import annotations

import streamlit as st

from app_pages import _data
from app_pages._format import count, rub
from app_pages._i18n import tr
from app_pages.charts.employers import employers_table
from pipelines.analytics.filters import Filters
from pipelines.analytics.search_queries import top_employers
from pipelines.core.config import min_sample

T = {
    "heading": ("Кто платит больше всех", "Who pays most"),
    "caption": ("Работодатели выбранных вакансий по медиане зарплаты (в месяц, до НДФЛ), только "
                "те, у кого не меньше {min} вакансий с зарплатой; топ-{top}.",
                "Employers of the selected vacancies by median pay (a month, gross), only those "
                "with at least {min} vacancies with pay; top {top}."),
    "none": ("Ни у одного работодателя здесь нет {min} вакансий с зарплатой — сравнивать "
             "медианы по единичным вакансиям нельзя. Расширьте фильтры.",
             "No employer here has {min} vacancies with pay: medians of a few postings do not "
             "compare. Widen the filters."),
    "col.employer": ("Работодатель", "Employer"), "col.median": ("Медиана, ₽", "Median, ₽"),
    "col.range": ("P25 — P75", "P25 — P75"), "col.n": ("n", "n"),
    "col.confidence": ("Достоверность", "Confidence"),
}  # fmt: skip
TOP = 15


def top_employers_block(filters: Filters) -> None:
    minimum = min_sample()
    st.subheader(tr("heading", T))
    rows = _data.load(top_employers, filters, minimum, TOP)
    table = employers_table(rows, rub, lambda word: tr(f"confidence.{word}"))
    if table.empty:
        st.info(tr("none", T, min=count(minimum)), icon=":material/group_off:")
        return
    st.caption(tr("caption", T, min=count(minimum), top=TOP))
    config = {c: tr(f"col.{c}", T) for c in table.columns}
    config["median"] = st.column_config.NumberColumn(tr("col.median", T), format="localized")
    st.dataframe(table, column_config=config, hide_index=True, width="stretch")
