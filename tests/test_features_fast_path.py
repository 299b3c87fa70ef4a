"""The fast paths of the extractors (issue 15, item 6) give exactly what the straightforward
ones give: profession cues read line by line with a memo per distinct line, lines lemmatised
once, token sets shared by identity, the request load read at its numbers only."""

from __future__ import annotations

import gc

import pytest

from pipelines.features import lemmatise
from pipelines.features.extract import extract_features
from pipelines.features.load import is_number as load_number
from pipelines.features.load import read_run, request_load_of
from pipelines.features.profession import (
    _NEAR,
    PROFILE_FIELDS,
    _line_codes,
    _tables,
    profile_from,
    profile_of,
)
from pipelines.features.records import RequestLoad, VacancyInput
from pipelines.features.text import (
    BREAK,
    Phrases,
    after,
    before,
    chunk_lemmas,
    is_modal,
    is_negated,
    lemmas,
)

HEADED = """Требования:
грамотная речь
опыт работы в колл-центре от 1 года
Будет плюсом:
знание Excel
опыт работы в колл-центре от 1 года
Условия:
официальное трудоустройство, ДМС
обучение за счёт компании
"""
TEXTS = [
    HEADED,
    # the same lines under other headings: the memo must not carry one heading's verdict over
    HEADED.replace("Будет плюсом:", "Обязанности:"),
    "Желательно:\nзнание Excel\nОбязанности:\nответы в чатах\nзвонки клиентам",
    "Опыт не требуется. Обучение. Без ночных смен. Работа в чате 3-5 чатов одновременно",
    "до 120 обращений за смену, около 15 звонков в час; 2/2 по 12 часов",
    "Английский язык B2 будет плюсом\nпрямые продажи не нужны\nработа в CRM (amoCRM, Битрикс24)",
    "Оператор call-центра\n\n\nудалённо\n" + "очень длинная строка " * 40,
    "Требования: опыт работы в продажах",
    ":\n:\nжелательно:\nопыт от 2 лет",
    "",
]


def reference_profile(whole, schedule, experience, experience_from=None):
    """profile_of as it was written before the fast path: every table over the whole text,
    modality looked up by walking back to the nearest heading for every match."""
    found: dict[str, set[str]] = {f: set() for f in PROFILE_FIELDS}
    matches = [m for table in _tables().values() for m in table.find(list(whole))]
    for start, end, cue in matches:
        if cue.need or cue.block:
            window = {*before(whole, start, _NEAR), *after(whole, end, _NEAR)}
            if cue.need and not cue.need.intersection(window):
                continue
            if cue.block and cue.block.intersection(window):
                continue
        if is_negated(whole, start, end):
            if cue.if_negated:
                found[cue.field].add(cue.if_negated)
            continue
        if cue.field in ("requirements", "duties") and is_modal(whole, start, end):
            continue
        found[cue.field].update(cue.codes)
    return profile_from(found, schedule, experience, experience_from)


def reference_load(whole):
    """request_load_of as it was: every token tested for a number."""
    found: dict[str, float] = {}
    i, n = 0, len(whole)
    while i < n:
        if not load_number(whole[i]):
            i += 1
            continue
        i = max(read_run(whole, i, load_number, found), i + 1)
    return RequestLoad(**found)


def reference_lemmas(text):
    """lemmas() as it was: chunk by chunk, a BREAK before every line that has chunks."""
    out: list[str] = []
    for line in (text or "").splitlines():
        chunks = line.split()
        if not chunks:
            continue
        if out:
            out.append(BREAK)
        for chunk in chunks:
            out.extend(chunk_lemmas(chunk))
    return tuple(out)


def whole_of(title, text):
    body = lemmas(text)
    return (*lemmas(title), BREAK, *body) if body else lemmas(title)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("experience", [None, "noExperience", "between1And3"])
def test_the_profile_read_line_by_line_equals_the_whole_text_reading(text, experience):
    whole = whole_of("Оператор чата", text)
    for _ in range(2):  # cold memo, then warm
        for schedule in (None, "flexible"):
            for source in ("field", "text"):
                got = profile_of(whole, schedule, experience, source)
                assert got == reference_profile(whole, schedule, experience, source)
                assert profile_of(list(whole), schedule, experience, source) == got


def test_a_line_repeated_under_another_heading_is_judged_by_its_own_heading():
    _line_codes.cache_clear()
    nice = profile_of(whole_of("Оператор", HEADED), None, None)
    plain = profile_of(whole_of("Оператор", HEADED.replace("Будет плюсом:", "Навыки:")), None, None)

    assert "excel" in nice.tools and "excel" in plain.tools
    assert "pc_skills" not in nice.requirements  # only nice to have under «Будет плюсом:»
    assert "pc_skills" in plain.requirements
    assert _line_codes.cache_info().hits > 0  # the shared lines were read once


@pytest.mark.parametrize("text", TEXTS)
def test_the_request_load_at_its_numbers_equals_the_token_by_token_reading(text):
    whole = whole_of("Оператор чата", text)
    assert request_load_of(whole) == reference_load(whole)
    assert request_load_of(list(whole)) == reference_load(whole)


def test_the_request_load_of_a_text_with_numbers_everywhere():
    text = "1 2 3 чатов одновременно 4 - 5 обращений за смену 6 7 звонков в час 1,5 2.5 запросов"
    whole = whole_of("", text)
    assert request_load_of(whole) == reference_load(whole) != RequestLoad()


@pytest.mark.parametrize(
    "text",
    [*TEXTS, "а\r\nб\n\n  \nв" + "г " * 200, "x" * 400 + "\nИ"]
    + ["а\n--\nб", "--\nа", "\u2028а\x0bб"],  # a line of chunks without words keeps its BREAK
)
def test_lines_memoised_whole_give_the_chunk_by_chunk_lemmas(text):
    lemmatise._line_lemmas.cache_clear()
    assert lemmas(text) == reference_lemmas(text)
    assert lemmas(text) == reference_lemmas(text)  # warm


def test_a_shared_token_set_never_outlives_its_tuple():
    """The token sets are kept by id(): a new tuple at a freed tuple's address must not be
    matched with the old one's tokens."""
    table = Phrases([("ночные смены", "night"), ("удалённая работа", "remote")])
    padding = ("слово",) * 30
    for k in range(200):
        words = ("ночной", "смена") if k % 2 else ("удалённый", "работа")
        seq = tuple([*padding, *words])
        assert table.find(seq) == table.find(list(seq))
        del seq
        gc.collect()


def near_duplicates():
    base = VacancyInput(
        title="Оператор чата",
        description_text=HEADED,
        snippet_text="Ответы клиентам в чате, 2/2",
        key_skills=("Грамотность", "Excel"),
        professional_roles=(("40", "Оператор call-центра"),),
        languages=(("Английский", "b1"),),
        schedule="shift",
        experience="noExperience",
    )
    return [
        base,
        base,  # repeated input
        VacancyInput(**{**_fields(base), "schedule": "flexible"}),
        VacancyInput(**{**_fields(base), "experience": None}),
        VacancyInput(**{**_fields(base), "key_skills": ("Грамотность",)}),
        VacancyInput(**{**_fields(base), "snippet_text": "Ответы клиентам в чате, 5/2"}),
        VacancyInput(**{**_fields(base), "key_skills": ["Excel"]}),  # a list: unhashable
    ]


def _fields(v):
    return {name: getattr(v, name) for name in VacancyInput.__slots__}


def test_repeated_and_near_duplicate_vacancies_get_their_own_features():
    first = [extract_features(v).as_dict() for v in near_duplicates()]
    _line_codes.cache_clear()
    lemmatise._line_lemmas.cache_clear()
    fresh = [extract_features(v).as_dict() for v in reversed(near_duplicates())][::-1]

    assert first == fresh
    assert first[0] == first[1]
    assert first[0] != first[2] and first[0] != first[5]
