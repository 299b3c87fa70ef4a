"""The Data page's pure parts: loads over time, quarantine bars, freshness, reason labels and the
pay normalisation rules in words (facts taken from pipelines/normalise, so they stay in step)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from app_pages.charts import LEGEND_BELOW, LEGEND_MARGIN
from pipelines.normalise import currency, payroll
from pipelines.normalise.pay import BELOW_MINIMUM_WAGE_SHARE, IMPLAUSIBLY_HIGH_RUB, MAX_MONTHLY_RUB

NORMALISATION_DOC = Path(__file__).resolve().parents[2] / "docs" / "pay-normalisation.md"
STALE_DAYS = 7
GREEN, GREY, RED = "#2ca02c", "#bbbbbb", "#d62728"

# Quarantine reason codes (docs/schema.md) → what went wrong, (Russian, English).
REASONS = {
    "invalid_json": ("битый или обрезанный JSON", "broken or truncated JSON"),
    "bad_encoding": ("текст не в UTF-8", "text is not UTF-8"),
    "truncated_gzip": ("обрезанный gzip", "truncated gzip"),
    "not_a_vacancy": ("запись — не вакансия", "record is not a vacancy"),
    "missing_id": ("нет id", "no id"),
    "missing_title": ("нет названия", "no title"),
    "bad_date": ("неверная дата", "bad date"),
    "bad_field": ("неверное поле", "bad field"),
    "unknown_pay_period": ("неизвестный период оплаты", "unknown pay period"),
    "unknown_currency": ("неизвестная валюта", "unknown currency"),
    "pay_range_inverted": ("вилка «от» больше «до»", "pay range inverted (from > to)"),
    "negative_pay": ("отрицательная зарплата", "negative pay"),
    "absurd_pay": ("абсурдная сумма", "absurd amount"),
    "bad_pay_value": ("зарплата — не число", "pay is not a number"),
    "bad_row": ("строка CSV не совпадает с заголовком", "CSV row does not match the header"),
    "invalid_csv": ("нечитаемый CSV", "unreadable CSV"),
}

# Pay status of a loaded vacancy (warehouse_report.pay_status) → (Russian, English).
PAY_STATUS = {
    "ok": ("вилка указана", "pay range stated"),
    "one_sided": ("указана одна граница", "one bound stated"),
    "no_pay": ("зарплата не указана", "no pay stated"),
    "period_unconvertible": ("период не переводится в месяц", "period not convertible"),
    "implausibly_high": ("неправдоподобно высокая", "implausibly high"),
    "below_minimum_wage": ("ниже ½ МРОТ", "below ½ minimum wage"),
}


def age_hours(last: datetime | None, now: datetime) -> float | None:
    """Hours from `last` to `now` (both naive UTC); None when there is no `last`."""
    if last is None or pd.isna(last):
        return None
    return (pd.Timestamp(now) - pd.Timestamp(last)).total_seconds() / 3600


def age_text(hours: float, language: str) -> str:
    """'5 ч' / '5 h' under two days, else '12 дн.' / '12 days'."""
    if hours < 48:
        return f"{max(hours, 0):.0f} {'ч' if language == 'ru' else 'h'}"
    return f"{hours / 24:.0f} {'дн.' if language == 'ru' else 'days'}"


def is_stale(hours: float | None, days: int = STALE_DAYS) -> bool:
    return hours is None or hours > days * 24


def loads_over_time(snapshots: pd.DataFrame, words: dict[str, str]) -> go.Figure:
    """Records per fetch date, stacked: loaded, duplicate, quarantined (each with its n).
    `snapshots`: warehouse_report.snapshots; `words`: loaded, duplicate, quarantined, snapshots,
    records in the UI language."""
    days = (
        snapshots.assign(day=pd.to_datetime(snapshots["fetched_at"]).dt.floor("D"))
        .groupby("day", as_index=False)
        .agg(snapshots=("snapshot_id", "count"), loaded=("records_loaded", "sum"),
             duplicate=("records_duplicate", "sum"), quarantined=("records_quarantined", "sum"))
    )  # fmt: skip
    figure = go.Figure()
    for column, colour in (("loaded", GREEN), ("duplicate", GREY), ("quarantined", RED)):
        figure.add_trace(
            go.Bar(
                x=days["day"], y=days[column], name=words[column], marker_color=colour,
                customdata=days["snapshots"],
                hovertemplate="%{x|%d.%m.%Y}: n = %{y:,} " + words[column]
                + " (" + words["snapshots"] + ": %{customdata})<extra></extra>",
            )
        )  # fmt: skip
    figure.update_layout(
        barmode="stack", separators=", ", height=360,
        legend=LEGEND_BELOW, margin={"t": 20, "b": 20 + LEGEND_MARGIN},
        yaxis={"title": {"text": words["records"]}},
        xaxis={"tickformat": "%d.%m.%Y"},
    )  # fmt: skip
    return figure


def quarantine_chart(reasons: pd.DataFrame, labels: list[str], axis: str) -> go.Figure:
    """Horizontal bars: quarantined records per reason (commonest on top), labelled with n.
    `reasons`: warehouse_report.quarantine_by_reason; `labels`: one per row, as shown."""
    figure = go.Figure(
        go.Bar(
            x=reasons["records"], y=labels, orientation="h", marker_color=RED,
            text=[f"n = {n:,}".replace(",", "\u202f") for n in reasons["records"]],
            textposition="auto", hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )  # fmt: skip
    figure.update_layout(
        separators=", ", height=120 + 32 * len(reasons), margin={"t": 20, "b": 20},
        yaxis={"autorange": "reversed"}, xaxis={"title": {"text": axis}},
    )  # fmt: skip
    return figure


def _rub(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") + " ₽"


def normalisation_rules(language: str, on: date) -> pd.DataFrame:
    """(step, rule): how posted pay becomes monthly gross RUB, in words, with the figures in
    force on `on` (docs/pay-normalisation.md has the full rules and their sources)."""
    ru = language == "ru"

    def dec(value: float, digits: int = 1) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if ru else text

    year = payroll.norm_year(on)
    hours = dec(payroll.hours_per_month(on))
    days = dec(payroll.working_days_per_month(on))
    shifts = dec(payroll.shifts_per_month(None, on)[0])
    weeks, month_days = dec(payroll.WEEKS_PER_MONTH, 2), dec(payroll.DAYS_PER_MONTH, 2)
    most = f"{MAX_MONTHLY_RUB / 1e6:.0f}"
    aliases = ", ".join(f"{a} = {b}" for a, b in currency.CURRENCY_ALIASES.items())
    codes = ", ".join(sorted(currency.KNOWN_CURRENCIES - {currency.RUB}))
    years = f"{currency.RATE_CHANGES[0].year}–{currency.RATE_CHANGES[-1].year}"
    two, progressive = payroll.TWO_BAND_NDFL_FROM.year, payroll.PROGRESSIVE_NDFL_FROM.year
    half_mrot = _rub(BELOW_MINIMUM_WAGE_SHARE * payroll.minimum_wage(on))
    rows = [
        ("Валюта" if ru else "Currency",
         f"{aliases.replace('RUB', '₽')} (коды валют hh.ru); валюта не указана → ₽" if ru
         else f"{aliases} (hh.ru codes); no currency → RUB"),
        ("Курс" if ru else "Exchange rate",
         f"на дату публикации: курс из снимка (справочник hh.ru), иначе средний курс ЦБ РФ из "
         f"справочника курсов PayScope ({codes}; {years})" if ru
         else f"on the publication date: the snapshot's rate (hh.ru dictionary), else the Bank "
         f"of Russia average in reference_rates.csv ({codes}; {years})"),
        ("На руки → до вычета" if ru else "Net → gross",
         f"НДФЛ на годовую сумму (×12): до {two} — 13 %; {two}–{progressive - 1} — 13 % и 15 % "
         f"свыше 5 млн ₽/год; с {progressive} — 13/15/18/20/22 % (пороги 2,4/5/20/50 млн ₽/год); "
         "«до вычета» не указано → считаем, что до вычета" if ru
         else f"NDFL on the annual amount (×12): before {two} 13 %; {two}–{progressive - 1} 13 % "
         f"and 15 % above 5 M ₽/year; from {progressive} 13/15/18/20/22 % (2.4/5/20/50 M ₽/year "
         "floors); not stated → assumed gross"),
        ("Период → месяц" if ru else "Period → month",
         f"час × {hours} ч; день × {days} раб. дня (норма {year}); смена × смен в месяц по "
         f"графику (неизвестен → 2/2, {shifts}); неделя × {weeks}; год ÷ 12; вахта × "
         f"{month_days} / дней вахты; услуга, проект — не переводятся" if ru
         else f"hour × {hours} h; day × {days} working days ({year} norm); shift × shifts a "
         f"month of the pattern (unknown → 2/2, {shifts}); week × {weeks}; year ÷ 12; rotation × "
         f"{month_days} / rotation days; service, project — not convertible"),
        ("Середина вилки" if ru else "Midpoint",
         "середина вилки «от–до»; при одной границе — она сама (учитывается в статистике)"
         if ru else "middle of the from–to range; a single bound is used as is (flag one_sided, "
         "kept in statistics)"),
        ("Не в статистике" if ru else "Excluded from statistics",
         f"период не переводится в месяц; нижняя граница > {_rub(IMPLAUSIBLY_HIGH_RUB)}/мес "
         f"(неправдоподобно много); верхняя < ½ МРОТ ({half_mrot} в {on.year})" if ru
         else f"period_unconvertible — period not convertible; implausibly_high — lowest bound > "
         f"{_rub(IMPLAUSIBLY_HIGH_RUB)}/month; below_minimum_wage — highest < ½ minimum wage "
         f"({half_mrot} in {on.year})"),
        ("Карантин" if ru else "Quarantine",
         f"отрицательная сумма, «от» > «до», > {most} млн ₽/мес после пересчёта, неизвестная "
         "валюта — запись не загружается (см. «Карантин»)" if ru
         else f"negative pay, from > to, over {most} M ₽/month after conversion, unknown "
         "currency — the record is not loaded (see Quarantine)"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["step", "rule"])
