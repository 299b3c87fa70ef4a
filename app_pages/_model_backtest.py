"""The Model page's backtest section (app_pages/model.py): the split, the metrics against the
baselines, calibration by decile of predicted P50 and coverage by source and pay currency."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages._format import count, rub
from app_pages._i18n import tr
from app_pages.charts.model import backtest_table, coverage_by_decile, percent
from pipelines.analytics.stats import confidence
from pipelines.core.config import min_sample
from pipelines.core.moscow_time import DAY, moscow_text

T = {
    # P50 is capped to its newest rows on big warehouses (models/pay_model.py, max_rows).
    "all_n": ("всех {n}", "all {n}"),
    "newest_n": ("{n} самых новых", "the newest {n}"),
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
}


def day(moment: str) -> str:
    return moscow_text(moment, DAY)


def share(part: int, whole: int) -> str:
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


def show(backtest: dict | None, target: float) -> None:
    """The backtest section of a model card (`backtest` None: trained with --no-backtest)."""
    st.subheader(tr("backtest", T))
    if backtest is None:
        st.info(tr("no_backtest", T), icon=":material/info:")
        return
    rows = backtest["rows"]
    median_rows, before = rows.get("median", rows["train"]), rows.get("before_test", rows["train"])
    st.caption(
        tr("backtest_split", T, train=count(rows["train"]), median=share(median_rows, before),
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
