"""The regions section of the Segments page: Moscow, St Petersburg, cities over a million, other
regions, abroad and remote from anywhere — median, P25–P75, n and share of vacancies — and
whether remote pay still follows the employer's region (pipelines/analytics/regions.py)."""

from __future__ import annotations

import streamlit as st

from app_pages import _data, _pay
from app_pages._format import count
from app_pages._i18n import lang, tr
from app_pages.charts.profession import pay_bands
from pipelines.analytics.filters import Filters
from pipelines.analytics.profession_labels import label, premium_text
from pipelines.analytics.regions import region_table, remote_by_employer_region
from pipelines.core.config import min_sample

T = {
    "regions": ("Регионы", "Regions"),
    "note": (
        "Удалённые вакансии — отдельно, где бы ни был работодатель; «города-миллионники» — 14 "
        "городов-миллионников кроме Москвы и Петербурга. {basis} Доля — от "
        "{n} отобранных вакансий.",
        "Remote vacancies are counted apart wherever the employer is; “cities over a million”: "
        "the 14 besides Moscow and St Petersburg. {basis} Share of the {n} selected "
        "vacancies.",
    ),
    "remote": (
        "Удалённая работа у работодателей из Москвы и Петербурга против других регионов России "
        "(внутри профессии): {premium}; n = {n_with} / {n_without}, достоверность: {conf}.",
        "Remote work for Moscow and St Petersburg employers against the rest of Russia (within "
        "role family): {premium}; n = {n_with} / {n_without}, confidence: {conf}.",
    ),
}


def regions_section(filters: Filters) -> None:
    """Draw the section for the filtered vacancies."""
    frame = _data.load("profession_sample", filters)
    if frame is None or frame.empty:
        return
    language, minimum = lang(), min_sample()
    st.subheader(tr("regions", T))
    table = region_table(frame, minimum)
    st.dataframe(pay_bands(table, "group", language), hide_index=True)
    remote = remote_by_employer_region(frame, minimum)
    st.caption(tr("remote", T, premium=premium_text(remote, language),
                  n_with=count(remote["n_with"]), n_without=count(remote["n_without"]),
                  conf=label(f"confidence.{remote['premium_confidence']}", language)))
    st.caption(tr("note", T, n=count(len(frame)), basis=_pay.basis()))
