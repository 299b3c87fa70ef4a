"""The words `payscope predict` and `parse-pay` print, in Russian (the default, like the
dashboard) and English: one table of (ru, en) pairs, looked up by key (pure)."""

from __future__ import annotations

from typing import Annotated

import typer

LANGS = ("ru", "en")
LangOption = Annotated[
    str,
    typer.Option("--lang", help="Interface language of the printed lines: ru (default) or en."),
]

TEXTS = {
    "not_stated": ("зарплата не указана", "pay not stated"),
    "from": ("от {x}", "from {x}"),
    "to": ("до {x}", "up to {x}"),
    "per": ("{amount} {currency} {period}, {basis}", "{amount} {currency} per {period}, {basis}"),
    "gross": ("до НДФЛ", "gross"), "net": ("на руки", "net"),
    "basis_none": ("до НДФЛ или на руки — не сказано", "gross/net not stated"),
    "month": ("в месяц", "month"), "hour": ("в час", "hour"), "shift": ("за смену", "shift"),
    "day": ("в день", "day"), "week": ("в неделю", "week"), "year": ("в год", "year"),
    "project": ("за проект", "project"), "service": ("за услугу", "service"),
    "monthly": ("в месяц: {gross} до НДФЛ, {net} на руки (НДФЛ на {date}{assumed})",
                "a month: {gross} gross, {net} net (NDFL as of {date}{assumed})"),
    "assumed": ("; не сказано — считаем, что до НДФЛ", "; not stated, taken as gross"),
    "no_month": ("в месяц: не пересчитать ({reason})", "a month: cannot convert ({reason})"),
    "predicted": ("{title}: P10 {p10} · P50 {p50} · P90 {p90} (в месяц до НДФЛ; модель {version}, "
                  "данные: {data})",
                  "{title}: P10 {p10} · P50 {p50} · P90 {p90} (monthly gross; model {version}, "
                  "{data} data)"),
    "real": ("реальные", "real"), "synthetic demo": ("синтетические (демо)", "synthetic demo"),
    "interval": ("  интервал модели: {text}", "  model interval: {text}"),
    "no_warehouse": ("сопоставимые вакансии: неизвестно (нет хранилища, чтобы их посчитать)",
                     "comparable vacancies: unknown (no warehouse to count them in)"),
    "comparables": ("сопоставимые вакансии: n = {n} (достоверность {conf}), {window}",
                    "comparable vacancies: n = {n} (confidence {conf}), {window}"),
    "dropped": ("; ослаблено, чтобы набрать n: {what}", "; dropped to reach n: {what}"),
    "offer": ("оффер: {amount} {basis} = {gross} в месяц до НДФЛ{where}",
              "offer: {amount} {basis} = {gross} a month gross{where}"),
    # Constraints the comparables dropped (comparables.RELAX_ORDER), whichever way they were set.
    "drop.experience": ("опыт", "experience"),
    "drop.english": ("условие по английскому", "the English condition"),
    "drop.night_shifts": ("условие по ночным сменам", "the night-shift condition"),
    "drop.work_format": ("формат работы", "work format"),
    "where": (", перцентиль {p} среди сопоставимых", ", percentile {p} among comparables"),
    "verdict": ("вердикт: {text}", "verdict: {text}"),
    "effect": ("  {name}: {delta} к P50", "  {name}: {delta} to P50"),
    "eff_english": ("английский (вместо «не нужен»)", "English (vs none)"),
    "eff_night": ("ночные смены (вместо дневных)", "night shifts (vs day)"),
    "eff_other": ("{name} (вместо «{reference}»)", "{name} (vs {reference})"),
    "english": ("английский", "English"), "experience": ("опыт", "experience"),
    "english_level": ("английский", "English"),
    "night_shifts": ("ночные смены", "night shifts"),
    "work_format": ("формат работы", "work format"),
    "sector": ("отрасль", "sector"), "schedule": ("график", "schedule"),
    "region": ("регион", "region"), "role_family": ("профессия", "role family"),
    "shift_pattern": ("график смен", "shift pattern"),
    "employment": ("занятость", "employment"),
    "part_time_hours": ("часов неполного дня", "part-time hours"),
}  # fmt: skip


def check_lang(lang: str) -> str:
    """`lang` if it is one of LANGS, else a clear error for the command line."""
    if lang not in LANGS:
        raise typer.BadParameter(f"{lang!r}: choose ru or en", param_hint="--lang")
    return lang


def tr(key: str, lang: str = "ru", **values) -> str:
    """The text of `key` in `lang`, formatted with `values`; an unknown key is shown as is."""
    pair = TEXTS.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
    return text.format(**values) if values else text
