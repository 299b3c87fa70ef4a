"""Model: the current pay model's card — data window, backtest against baselines, calibration
by decile of predicted pay (app_pages/_model_backtest.py) and the premiums it learned."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages import _common, _data, _model_backtest
from app_pages._format import count
from app_pages._i18n import tr, value_label
from app_pages._model_backtest import day, share
from app_pages.charts.model import (
    percent,
    premium_effects,
    premium_table,
)
from models.premiums import LEVEL, PREMIUM_MIN_ROWS, PREMIUM_SAMPLE, REFITS
from pipelines.core.moscow_time import moscow_text

T = {
    "title": ("Модель зарплат", "Pay model"),
    "no_model": (
        "Модель ещё не обучена: обучите её командой `payscope train`. Остальные страницы "
        "дашборда работают и без модели.",
        "No model is trained yet. Train one with `payscope train`. The dashboard's other pages "
        "work without it.",
    ),
    "no_filters": (
        "Фильтры боковой панели на эту страницу не действуют: модель одна на все вакансии.",
        "The sidebar filters do not apply here: there is one model for all vacancies.",
    ),
    "version": ("Версия", "Version"),
    "library": ("Библиотека", "Library"),
    "trained": ("Обучена", "Trained"),
    "zone": ("МСК", "MSK"),
    "data": ("Данные", "Data"),
    "synthetic demo": ("демо (синтетические)", "demo (synthetic)"),
    "real": ("реальные", "real"),
    "rows": ("Вакансий в обучении", "Vacancies used"),
    "window": ("Окно данных", "Data window"),
    "window_text": (
        "Вакансии с зарплатой, опубликованные {first} — {last}{until}. Медиана (P50) обучена на "
        "{median}; P10 и P90 — на {fitted} вакансиях до {fitted_until}, а "
        "интервал P10–P90 откалиброван на {calibration} более поздних.",
        "Vacancies with pay published {first} — {last}{until}. The median (P50) is fitted on "
        "{median}; P10 and P90 on {fitted} vacancies before {fitted_until}, and the "
        "P10–P90 interval is calibrated on the {calibration} later ones.",
    ),
    "until": (" (обучение с `--until {date}`)", " (trained with `--until {date}`)"),
    "decimal": (",", "."),
    "effects": ("Влияние признаков", "Feature effects"),
    "effects_text": (
        "Надбавка — среднее относительное изменение P50, когда меняется только этот признак "
        "(английский B2 обязателен против без языка; ночные смены против дневных), по {sample} "
        "или меньше вакансиям профессии. Усы — {level} % интервал неопределённости самой модели: "
        "P50 переобучена {refits} раз на бутстреп-выборках обучающих вакансий, и интервал не уже, "
        "чем у прямого сравнения вакансий профессии с признаком и без него (при этих n). Полый "
        "кружок — интервал включает 0: надбавка не отличима от нуля. Профессии с числом вакансий "
        "меньше {min_rows} не показаны; «нет данных» — в профессии нет ни одной вакансии с "
        "признаком (или без него). n — вакансий профессии в обучении.",
        "A premium is the mean relative change in P50 when only that input changes (English B2 "
        "required vs none; night vs day shifts), over up to {sample} vacancies of the role "
        "family. Whiskers: the model's own {level} % uncertainty interval — P50 refitted {refits} "
        "times on bootstrap samples of the training vacancies, and never narrower than a direct "
        "comparison of the family's vacancies with and without the trait (at those n). A hollow "
        "dot: the interval holds 0, the premium is not distinguishable from zero. Families with "
        "fewer than {min_rows} vacancies are left out; “no data”: the family has no vacancy with "
        "the trait (or none without it). n: the family's training vacancies.",
    ),
    "no_effects": ("Надбавок в карточке нет.", "The card has no premiums."),
    "family": ("Профессия", "Role family"),
    "trait": ("Признак", "Trait"),
    "premium": ("Надбавка", "Premium"),
    "interval": ("90 % интервал", "90 % interval"),
    "n_with": ("n с признаком", "n with"),
    "n_without": ("n без", "n without"),
    "reading": ("Вывод", "Reading"),
    "no_data": ("нет данных", "no data"),
    "few": ("мало данных", "too few"),
    "spans_zero": ("не отличимо от нуля", "not distinguishable from zero"),
    "above_zero": ("выше нуля", "above zero"),
    "below_zero": ("ниже нуля", "below zero"),
    "premium_table": ("Надбавки по профессиям", "Premiums by role family"),
    "no_estimates": (
        "Ни в одной профессии нет хотя бы 5 вакансий и с признаком, и без него: модели не на чем "
        "оценить надбавки. Подробности — в таблице ниже.",
        "No role family has 5 or more vacancies both with and without a trait: the model has "
        "nothing to estimate the premiums on. Details in the table below.",
    ),
    "english_b2": ("английский B2", "English B2"),
    "night_shifts": ("ночные смены", "night shifts"),
    "premium_axis": ("надбавка к P50", "premium on P50"),
    "drift": (
        "Рост зарплат по данным: {drift} в год (± {se}); интервал для дат после окна данных "
        "расширяется на эту неопределённость.",
        "Pay growth in the data: {drift} a year (± {se}); intervals for dates after the data "
        "window widen by this uncertainty.",
    ),
    "details": ("Технические детали", "Technical details"),
    "offset": (
        "Конформное смещение: {offset} в логарифме зарплаты — P90 умножена, P10 разделена на "
        "{factor}.",
        "Conformal offset: {offset} in log pay — P90 multiplied and P10 divided by {factor}.",
    ),
    "target_text": (
        "Цель: {target}. Обучение заняло {seconds} с.",
        "Target: {target}. Training took {seconds} s.",
    ),
    "inputs": ("Входы модели: {names}.", "Inputs: {names}."),
}


_common.require_data()
st.title(tr("title", T))
model, card, error = _data.model()
if card is None:
    if isinstance(error, _data.ForeignModel):  # trained on other data: never shown here
        st.warning(error.alone, icon=":material/block:")
    else:
        st.info(tr("no_model", T), icon=":material/smart_toy:")
        st.text(error)
    st.stop()
st.caption(tr("no_filters", T))

window, backtest = card.get("window", {}), card.get("backtest")
# Long values (the version is a timestamp) in a table row: metrics would cut them off.
used = window.get("rows", window.get("rows_fitted", 0) + window.get("rows_calibration", 0))
# Cards from before P50 learnt from the calibration slice too have no `rows_median`.
median_rows = window.get("rows_median", window.get("rows_fitted", 0))
st.markdown(
    f"| {tr('version', T)} | {tr('trained', T)} | {tr('data', T)} | {tr('rows', T)} |\n"
    "|---|---|---|---|\n"
    f"| `{card['version']}` | {moscow_text(card['created_at'], zone=tr('zone', T))} | "
    f"{tr(card.get('data', 'real'), T)} | {count(used)} |"
)

st.subheader(tr("window", T))
until = tr("until", T, date=card["until"][:10]) if card.get("until") else ""
st.markdown(
    tr("window_text", T, first=day(window["published_from"]), last=day(window["published_until"]),
       until=until, median=share(median_rows, used), fitted=count(window["rows_fitted"]),
       fitted_until=day(window["fitted_until"]), calibration=count(window["rows_calibration"]))
)  # fmt: skip

quantiles = card.get("quantiles", [0.1, 0.5, 0.9])
target = quantiles[-1] - quantiles[0]
_model_backtest.show(backtest, target)

st.subheader(tr("effects", T))
found = card.get("premiums") or {}
if not found:
    st.info(tr("no_effects", T), icon=":material/info:")
else:
    labels = {family: value_label("role_family", family) for family in found}
    names = ("english_b2", "night_shifts", "premium_axis", "decimal", "family", "trait",
             "premium", "interval", "n_with", "n_without", "reading", "no_data", "few",
             "spans_zero", "above_zero", "below_zero")  # fmt: skip
    words = {k: tr(k, T) for k in names}
    if any(found[f][k].get("premium") is not None for f in found
           for k in ("english_b2", "night_shifts")):  # fmt: skip
        st.plotly_chart(premium_effects(found, labels, words), width="stretch")
    else:
        st.info(tr("no_estimates", T), icon=":material/info:")
    st.caption(tr("effects_text", T, sample=PREMIUM_SAMPLE, level=round(LEVEL * 100),
                  refits=REFITS, min_rows=PREMIUM_MIN_ROWS))  # fmt: skip
    with st.expander(tr("premium_table", T)):
        st.dataframe(premium_table(found, labels, words), hide_index=True, width="stretch")

with st.expander(tr("details", T)):
    offset = card.get("conformal_offset_log", 0.0)
    st.markdown(
        tr("offset", T, offset=f"{offset:+.4f}".replace(".", tr("decimal", T)),
           factor=f"{math.exp(offset):.3f}".replace(".", tr("decimal", T)))
    )  # fmt: skip
    calibration = card.get("calibration")
    if calibration:
        st.markdown(
            tr("drift", T, drift=percent(math.expm1(calibration["drift_per_year_log"]), 1, True,
                                         tr("decimal", T)),
               se=percent(calibration["drift_se_log"], 1, decimal=tr("decimal", T)))
        )  # fmt: skip
    seconds = str(card.get("train_seconds", "—")).replace(".", tr("decimal", T))
    st.markdown(tr("target_text", T, target=percent(target), seconds=seconds))
    st.markdown(tr("inputs", T, names=", ".join(f"`{f}`" for f in card.get("features", []))))
    libraries = card.get("libraries", {})
    st.dataframe(pd.Series(libraries, name=tr("version", T)).rename_axis(tr("library", T))
                 .to_frame(), width="stretch")  # fmt: skip
