"""Working time: schedule, shift pattern, part-time hours and night shifts (fields, then text)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.features.records import FIELD, TEXT
from pipelines.features.text import Phrases, after, before, is_negated, is_number, number

# hh.ru `schedule` ids; 'remote' says where, not when, so it is no schedule.
_SCHEDULE_IDS = {
    "fullDay": "full_day",
    "shift": "shift",
    "flexible": "flexible",
    "flyInFlyOut": "rotation",
}
_EMPLOYMENT_SCHEDULES = {"part": "part_time", "project": "project"}
# When the text names several, the most specific wins: a rotation or a shift cycle tells more
# about the working time than «гибкий график» or «полный день».
_PRIORITY = ("rotation", "shift", "part_time", "project", "flexible", "full_day")
_SCHEDULE_CUES = Phrases(
    [
        ("вахта", "rotation"),
        ("вахтовый метод", "rotation"),
        ("вахтовым методом", "rotation"),
        ("сменный график", "shift"),
        ("сменная работа", "shift"),
        ("посменно", "shift"),
        ("посменный", "shift"),
        ("сутки через #", "shift"),
        ("# через #", "shift"),
        ("частичная занятость", "part_time"),
        ("неполная занятость", "part_time"),
        ("неполный день", "part_time"),
        ("неполный рабочий день", "part_time"),
        ("подработка", "part_time"),
        ("полставки", "part_time"),
        ("проектная работа", "project"),
        ("проектная занятость", "project"),
        ("разовые задания", "project"),
        ("разовые заказы", "project"),
        ("гибкий график", "flexible"),
        ("гибкий рабочий график", "flexible"),
        ("свободный график", "flexible"),
        ("график выбираете сами", "flexible"),
        ("полный день", "full_day"),
        ("полный рабочий день", "full_day"),
        ("пятидневка", "full_day"),
        ("пятидневная рабочая неделя", "full_day"),
    ]
)
_PATTERN_TOKEN = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_PATTERN_CUES = Phrases(
    [("# через #", "n"), ("сутки через #", "day"), ("сутки через сутки", "1/1")]
    + [("пятидневка", "5/2")]
)
# «1/2 ставки» is a fraction, not a shift pattern.
_FRACTION_NOUNS = frozenset({"ставка", "оклад", "часть", "доля"})

_PART_TIME_HOURS = Phrases(
    [
        ("от # часов", 1),  # position of the number in the phrase
        ("от # # часов", 1),  # «от 3-4 часов»
        ("# часа в день", 0),
        ("# # часа в день", 0),  # «3-4 часа в день»
        ("по # часа", 1),
    ]
)
FULL_DAY_HOURS = 8.0  # fewer hours a day than this is part-time work

_NIGHT_CUES = Phrases(
    [
        ("в ночь", "night"),
        ("ночью", "night"),
        ("день ночь", "night"),  # «день-ночь-отсыпной-выходной»
        ("день / ночь", "night"),
        ("ночной", "adjective"),
        ("24/7", "round_the_clock"),
        ("круглосуточно", "round_the_clock"),
        ("круглосуточный", "round_the_clock"),
        ("сутки через #", "night"),  # a 24-hour shift runs through the night
        ("сутки через сутки", "night"),
        ("с # : # до # : #", "hours"),
    ]
)
# «ночной» is about the job only with one of these: not «ночной клуб», «ночная доставка».
_NIGHT_NOUNS = frozenset({"смена", "график", "время", "час", "дежурство", "режим", "работа"})
_SHIFT_WORDS = frozenset({"смена", "посменно", "посменный", "сменный", "график"})


def schedule_of(
    schedule_id: str | None, employment: str | None, whole: Sequence[str]
) -> tuple[str | None, str | None]:
    """(schedule, provenance): hh.ru's schedule id, else the text, else the employment type.

    A 'fullDay' vacancy with part-time employment is part_time: it is not «полный день».
    """
    value = _SCHEDULE_IDS.get(schedule_id or "")
    if value == "full_day" and employment == "part":
        value = "part_time"
    if value:
        return value, FIELD
    found = {m.value for m in _SCHEDULE_CUES.find(whole) if not is_negated(whole, m.start, m.end)}
    if any(_is_shift_pattern(whole, i) for i, t in enumerate(whole) if "/" in t):
        found.add("full_day" if "5/2" in whole else "shift")
    if _part_time_hours_in(whole) is not None:
        found.add("part_time")
    for candidate in _PRIORITY:
        if candidate in found:
            return candidate, TEXT
    value = _EMPLOYMENT_SCHEDULES.get(employment or "")
    return value, (FIELD if value else None)


def shift_pattern_of(field: str | None, whole: Sequence[str]) -> tuple[str | None, str | None]:
    """('2/2', provenance): hh.ru's pattern, else the first one the text states."""
    if field and _PATTERN_TOKEN.match(field):
        return field, FIELD
    for i, token in enumerate(whole):
        if "/" in token and _is_shift_pattern(whole, i):
            return token, TEXT
    for start, end, kind in _PATTERN_CUES.find(whole):
        if kind == "n":
            pattern = f"{whole[start]}/{whole[end - 1]}"
        elif kind == "day":
            pattern = f"1/{whole[end - 1]}"
        else:
            pattern = kind
        if _valid_pattern(pattern):
            return pattern, TEXT
    return None, None


def _is_shift_pattern(seq: Sequence[str], i: int) -> bool:
    following = seq[i + 1] if i + 1 < len(seq) else ""
    return _valid_pattern(seq[i]) and following not in _FRACTION_NOUNS


def _valid_pattern(token: str) -> bool:
    match = _PATTERN_TOKEN.match(token)
    # Days on / days off of a shift cycle; «24/7», «15/15» (a rotation) and dates are not one.
    return bool(match) and all(1 <= int(g) <= 7 for g in match.groups())


def part_time_hours_of(
    hours_per_shift: float | None, whole: Sequence[str]
) -> tuple[float | None, str | None]:
    """(hours a day, provenance) for part-time work: a short hh.ru working day, else the text
    («от 4 часов в день» → 4.0); None when the day is not stated or is a full one."""
    if hours_per_shift is not None and 0 < hours_per_shift < FULL_DAY_HOURS:
        return float(hours_per_shift), FIELD
    hours = _part_time_hours_in(whole)
    return hours, (TEXT if hours is not None else None)


def _part_time_hours_in(whole: Sequence[str]) -> float | None:
    for start, _, offset in _PART_TIME_HOURS.find(whole):
        token = whole[start + offset]
        hours = number(token) if is_number(token) else None
        if hours is not None and 0 < hours < FULL_DAY_HOURS:
            return hours
    return None


def night_shifts_of(field: bool | None, whole: Sequence[str]) -> tuple[bool, str | None]:
    """(night work, provenance): hh.ru's flag when true, else a night cue in the text that is
    not denied («ночные смены», «в ночь», «24/7 посменно», a shift from 20:00 to 8:00)."""
    if field is True:
        return True, FIELD
    for start, end, kind in _NIGHT_CUES.find(whole):
        if _is_night(whole, start, end, kind) and not is_negated(whole, start, end):
            return True, TEXT
    return False, None


def _is_night(seq: Sequence[str], start: int, end: int, kind: str) -> bool:
    if kind == "night":
        return True
    if kind == "adjective":  # «ночные смены», «ночные и дневные смены», «в ночное время»
        following = after(seq, end, 3)
        return bool(_NIGHT_NOUNS.intersection(following))
    if kind == "round_the_clock":  # the employee works round the clock, not just the company
        clause = (*before(seq, start, 8), *after(seq, end, 8))
        return bool(_SHIFT_WORDS.intersection(clause))
    # «с 20:00 до 8:00»: a shift through midnight that runs into the small hours
    begin, finish = int(number(seq[start + 1])), int(number(seq[start + 5]))
    return (finish < begin and finish >= 3) or begin <= 4
