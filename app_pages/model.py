"""Model: the current pay model's card — data window, backtest against baselines, calibration
by decile of predicted pay and the premiums it learned."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages import _common, _data
from app_pages._format import count, rub
from app_pages._i18n import tr, value_label
from app_pages.charts.model import (
    backtest_table,
    coverage_by_decile,
    percent,
    premium_effects,
    premium_table,
)
from models.premiums import LEVEL, PREMIUM_MIN_ROWS, PREMIUM_SAMPLE, REFITS
from pipelines.analytics.stats import confidence
from pipelines.core.config import min_sample
from pipelines.core.moscow_time import DAY, moscow_text

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
    # P50 is capped to its newest rows on big warehouses (models/pay_model.py, max_rows).
    "all_n": ("всех {n}", "all {n}"),
    "newest_n": ("{n} самых новых", "the newest {n}"),
    "until": (" (обучение с `--until {date}`)", " (trained with `--until {date}`)"),
    "backtest": ("Проверка на более поздних вакансиях", "Backtest on later vacancies"),
    "backtest_split": (
        "P10 и P90 обучены на {train} вакансиях до {train_until} и откалиброваны на {calibration} "
        "следующих; медиана (P50) — на {median} до проверки, базовые прогнозы — на "
        "всех {before}. Проверка — на {test} вакансиях, опубликованных с {test_from}.",
        "P10 and P90 are fitted on {train} vacancies before {train_until} and calibrated on the "
        "next {calibration}; the median (P50) on {median} before the test, the "
        "baselines on all {before}. Tested on {test} vacancies published from {test_from}.",
    ),
    "no_backtest": (
        "Модель обучена без проверки (`--no-backtest`). `payscope train` без этого флага "
        "добавит метрики.",
        "This model was trained without a backtest (`--no-backtest`); `payscope train` without "
        "that flag adds the metrics.",
    ),
    "model": ("модель (P50)", "model (P50)"),
    "baseline_role_sector_median": ("медиана профессии × отрасли", "role × sector median"),
    "baseline_global_median": ("общая медиана", "global median"),
    "n": ("n", "n"),
    "mae": ("средняя ошибка, ₽", "MAE"),
    "mape": ("средняя ошибка, %", "MAPE"),
    "pinball": ("квантильная потеря", "pinball"),
    "coverage": ("внутри P10–P90", "inside P10–P90"),
    "mean_width": ("ширина P10–P90", "P10–P90 width"),
    "decimal": (",", "."),
    "better": (
        "P50 ошибается в среднем на **{mae}** — на **{delta}** меньше, чем медиана по профессии "
        "× отрасли ({baseline}).",
        "P50 is off by **{mae}** on average — **{delta}** less than the role × sector median "
        "({baseline}).",
    ),
    "worse": (
        "P50 ошибается в среднем на **{mae}** — на **{delta}** больше, чем медиана по профессии "
        "× отрасли ({baseline}).",
        "P50 is off by **{mae}** on average — **{delta}** more than the role × sector median "
        "({baseline}).",
    ),
    "calibration": ("Калибровка по уровню зарплаты", "Calibration by pay level"),
    "calibration_text": (
        "Тестовые вакансии разбиты на десять равных групп по предсказанной P50 (дециль 1 — "
        "самые низкие прогнозы). Столбец — доля вакансий, чья зарплата попала в P10–P90; цель — "
        "{target}. Ниже цели интервал слишком узок, выше — слишком широк. Группы меньше {n} "
        "вакансий — серые.",
        "Test vacancies are cut into ten equal groups by predicted P50 (decile 1: the lowest "
        "predictions). Each bar is the share whose pay fell inside P10–P90; the target is "
        "{target}. Below it the interval is too narrow, above it too wide. Groups of fewer than "
        "{n} vacancies are grey.",
    ),
    "no_deciles": (
        "В карточке этой модели нет калибровки по децилям: она обучена до появления этого "
        "раздела. Переобучите модель (`payscope train`), чтобы он появился.",
        "This model's card has no calibration by decile: it was trained before that section "
        "existed. Retrain (`payscope train`) to add it.",
    ),
    "decile": ("дециль", "decile"),
    "inside": ("внутри P10–P90", "inside P10–P90"),
    "width": ("ширина интервала", "interval width"),
    "target": ("цель", "target"),
    "coverage_axis": ("доля внутри P10–P90", "share inside P10–P90"),
    "decile_axis": ("дециль предсказанной P50", "decile of predicted P50"),
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
    "by_group": ("Покрытие по источникам и валюте зарплаты", "Coverage by source and pay currency"),
    "by_group_text": (
        "Доля тестовых вакансий внутри P10–P90 по источнику и по валюте, в которой указана "
        "зарплата (иностранная пересчитана в рубли; такие вакансии — в основном из других стран, "
        "и модель знает о них меньше). Цель — {target}.",
        "Share of test vacancies inside P10–P90 by source and by the currency pay was stated in "
        "(foreign pay is converted to roubles; such vacancies are mostly from other countries, "
        "which the model knows less about). Target: {target}.",
    ),
    "group": ("группа", "group"),
    "reliability": ("надёжность", "confidence"),
    "median_width": ("медианная ширина P10–P90", "median P10–P90 width"),
    "RUB": ("зарплата в рублях", "pay in roubles"),
    "foreign": ("зарплата в иностранной валюте", "pay in a foreign currency"),
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


def day(moment: str) -> str:
    return moscow_text(moment, DAY)


def _share(part: int, whole: int) -> str:
    """«всех 678» or «200 000 самых новых»: P50 is capped to its newest rows on big data."""
    return tr("all_n" if part >= whole else "newest_n", T, n=count(part))


def _groups_table(groups: list[dict]) -> pd.DataFrame:
    """Coverage by source and by pay currency (card backtest.coverage_by_*), with n and the
    confidence word for n."""
    decimal = tr("decimal", T)
    return pd.DataFrame(
        {
            tr("group", T): [tr(g["group"], T) for g in groups],
            "n": [count(g["n"]) for g in groups],
            tr("reliability", T): [tr(f"confidence.{confidence(g['n'])}") for g in groups],
            tr("coverage", T): [percent(g["coverage"], 1, decimal=decimal) for g in groups],
            tr("median_width", T): [rub(g["median_width"]) for g in groups],
        }
    )


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
       until=until, median=_share(median_rows, used), fitted=count(window["rows_fitted"]),
       fitted_until=day(window["fitted_until"]), calibration=count(window["rows_calibration"]))
)  # fmt: skip

quantiles = card.get("quantiles", [0.1, 0.5, 0.9])
target = quantiles[-1] - quantiles[0]
st.subheader(tr("backtest", T))
if backtest is None:
    st.info(tr("no_backtest", T), icon=":material/info:")
else:
    rows = backtest["rows"]
    median_rows, before = rows.get("median", rows["train"]), rows.get("before_test", rows["train"])
    st.caption(
        tr("backtest_split", T, train=count(rows["train"]), median=_share(median_rows, before),
           before=count(before),
           train_until=day(backtest["train_until"]), calibration=count(rows["calibration"]),
           test=count(rows["test"]), test_from=day(backtest["test_from"]))
    )  # fmt: skip
    names = ("model", "baseline_role_sector_median", "baseline_global_median", "n", "mae", "mape",
             "pinball", "coverage", "mean_width", "decimal")  # fmt: skip
    st.dataframe(backtest_table(backtest, {k: tr(k, T) for k in names}), width="stretch")
    delta = backtest.get("mae_vs_role_sector")
    if delta is not None:
        st.markdown(
            tr("better" if delta <= 0 else "worse", T, mae=rub(backtest["model"]["mae"]),
               delta=percent(abs(delta), 1, decimal=tr("decimal", T)),
               baseline=rub(backtest["baseline_role_sector_median"]["mae"]))
        )  # fmt: skip

    st.subheader(tr("calibration", T))
    deciles = backtest.get("calibration_by_decile")
    if not deciles:
        st.info(tr("no_deciles", T), icon=":material/autorenew:")
    else:
        names = ("decile", "inside", "width", "target", "coverage_axis", "decile_axis")
        words = {**{k: tr(k, T) for k in names}, "small_sample": tr("small_sample")}
        st.plotly_chart(coverage_by_decile(deciles, target, min_sample(), words), width="stretch")
        st.caption(tr("calibration_text", T, target=percent(target), n=min_sample()))
    groups = backtest.get("coverage_by_source", []) + backtest.get("coverage_by_currency", [])
    if groups:
        st.markdown(f"**{tr('by_group', T)}**")
        st.dataframe(_groups_table(groups), hide_index=True, width="stretch")
        st.caption(tr("by_group_text", T, target=percent(target)))

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
