"""Model: the current pay model's card — data window, backtest against baselines, calibration
by decile of predicted pay and the premiums it learned."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
import streamlit as st

from app_pages import _common, _data
from app_pages._format import count, rub
from app_pages._i18n import tr, value_label
from app_pages.charts.model import backtest_table, coverage_by_decile, percent, premium_effects
from models.train import PREMIUM_SAMPLE
from pipelines.config import min_sample

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
        "или меньше вакансиям профессии. Усы — 90 % бутстреп-интервал: насколько надбавка "
        "разнится между вакансиями профессии, а не неопределённость самой модели. n — вакансий "
        "профессии в обучении.",
        "A premium is the mean relative change in P50 when only that input changes (English B2 "
        "required vs none; night vs day shifts), over up to {sample} vacancies of the role "
        "family. Whiskers: 90 % bootstrap interval — how much the premium varies across the "
        "family's vacancies, not how uncertain the model is. n: the family's training vacancies.",
    ),
    "no_effects": ("Надбавок в карточке нет.", "The card has no premiums."),
    "english_b2": ("английский B2", "English B2"),
    "night_shifts": ("ночные смены", "night shifts"),
    "premium_axis": ("надбавка к P50", "premium on P50"),
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
    return f"{datetime.fromisoformat(moment):%d.%m.%Y}"


def _share(part: int, whole: int) -> str:
    """«всех 678» or «200 000 самых новых»: P50 is capped to its newest rows on big data."""
    return tr("all_n" if part >= whole else "newest_n", T, n=count(part))


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
    f"| `{card['version']}` | {datetime.fromisoformat(card['created_at']):%d.%m.%Y %H:%M} | "
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

st.subheader(tr("effects", T))
found = card.get("premiums") or {}
if not found:
    st.info(tr("no_effects", T), icon=":material/info:")
else:
    labels = {family: value_label("role_family", family) for family in found}
    words = {k: tr(k, T) for k in ("english_b2", "night_shifts", "premium_axis", "decimal")}
    st.plotly_chart(premium_effects(found, labels, words), width="stretch")
    st.caption(tr("effects_text", T, sample=PREMIUM_SAMPLE))

with st.expander(tr("details", T)):
    offset = card.get("conformal_offset_log", 0.0)
    st.markdown(
        tr("offset", T, offset=f"{offset:+.4f}".replace(".", tr("decimal", T)),
           factor=f"{math.exp(offset):.3f}".replace(".", tr("decimal", T)))
    )  # fmt: skip
    seconds = str(card.get("train_seconds", "—")).replace(".", tr("decimal", T))
    st.markdown(tr("target_text", T, target=percent(target), seconds=seconds))
    st.markdown(tr("inputs", T, names=", ".join(f"`{f}`" for f in card.get("features", []))))
    libraries = card.get("libraries", {})
    st.dataframe(pd.Series(libraries, name=tr("version", T)).rename_axis(tr("library", T))
                 .to_frame(), width="stretch")  # fmt: skip
