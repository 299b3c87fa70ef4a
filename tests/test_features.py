"""Vacancy feature extractors: what each field becomes, from structured fields and from text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.features import Language, VacancyFeatures, VacancyInput, extract_features
from pipelines.features.records import (
    FEATURE_NAMES,
    LEVELS,
    PROFILE_NAMES,
    ROLE_FAMILIES,
    SCHEDULES,
    SECTORS,
    WORK_FORMATS,
)
from pipelines.features.sector import employer_key, known_employers
from pipelines.features.seniority import seniority_of

CALL_CENTRE_ROLE = ("83", "Оператор call-центра, специалист контактного центра")
TECH_SUPPORT_ROLE = ("121", "Специалист технической поддержки")
OTHER_ROLE = ("40", "Другое")
# Letters, digits and the punctuation the tokeniser and the phrase rules care about.
VACANCY_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщыьэюя0123456789 ,.:;/-–—\n•BbCcВвСс+()x×"


def features(title: str = "Специалист", text: str | None = None, **fields) -> VacancyFeatures:
    """Features of a search-page-like record: `text` is its snippet."""
    return extract_features(VacancyInput(title=title, snippet_text=text, **fields))


def test_a_whole_record_from_a_warehouse_row():
    row = {
        "title": "Оператор чата (удалённо)",
        "employer_name": "ПАО Сбербанк",
        "snippet_text": "Отвечать клиентам в чате. Английский B2 будет плюсом.",
        "description_text": None,
        "professional_roles": [{"id": "83", "name": CALL_CENTRE_ROLE[1]}],
        "languages": None,
        "schedule": "shift",
        "employment": "full",
        "experience": "noExperience",
        "shift_pattern": "2/2",
        "night_shifts": None,
        "hours_per_shift": 12.0,
        "pay_mid_rub": 50000.0,  # columns the extractors do not use are ignored
    }

    assert extract_features(VacancyInput.from_row(row)) == VacancyFeatures(
        sector="finance",
        role_family="chat_support",
        languages=(Language("english", "b2", False),),
        schedule="shift",
        shift_pattern="2/2",
        night_shifts=False,
        work_format="remote",
        part_time_hours=None,
        experience="noExperience",
        employment="full",
        requirements=("no_experience_ok",),
        duties=("chat_support",),
        provenance={
            "sector": "field",
            "role_family": "text",
            "languages": "text",
            "schedule": "field",
            "shift_pattern": "field",
            "night_shifts": None,
            "work_format": "text",
            "part_time_hours": None,
            "experience": "field",
            "employment": "field",
        },
    )


def test_from_row_tolerates_missing_keys_and_parser_tuples():
    v = VacancyInput.from_row(
        {"title": "Курьер", "professional_roles": [("58", "Курьер")], "languages": []}
    )

    assert v == VacancyInput(title="Курьер", professional_roles=(("58", "Курьер"),), languages=())
    assert VacancyInput.from_row({}).title == ""


def test_a_record_that_says_nothing_has_defaults_and_no_provenance():
    result = features("Специалист", None)

    assert result.as_dict() == {
        "sector": "other",
        "role_family": "other",
        "languages": [],
        "schedule": None,
        "shift_pattern": None,
        "night_shifts": False,
        "work_format": None,
        "part_time_hours": None,
        "experience": None,
        "employment": None,
        "requirements": [],
        "duties": [],
        "tools": [],
        "conditions": [],
        "request_load": {
            "chats_at_once": None,
            "requests_per_shift": None,
            "requests_per_hour": None,
        },
        "provenance": dict.fromkeys(FEATURE_NAMES),
    }


@pytest.mark.parametrize(
    "fields, name, value",
    [
        ({"schedule": "fullDay"}, "schedule", "full_day"),
        ({"schedule": "shift"}, "schedule", "shift"),
        ({"schedule": "flexible"}, "schedule", "flexible"),
        ({"schedule": "flyInFlyOut"}, "schedule", "rotation"),
        ({"schedule": "fullDay", "employment": "part"}, "schedule", "part_time"),
        ({"employment": "part"}, "schedule", "part_time"),
        ({"employment": "project"}, "schedule", "project"),
        ({"schedule": "remote"}, "work_format", "remote"),
        ({"work_format": "hybrid"}, "work_format", "hybrid"),
        ({"work_format": "field_work"}, "work_format", "on_site"),
        ({"shift_pattern": "3/3"}, "shift_pattern", "3/3"),
        ({"night_shifts": True}, "night_shifts", True),
        ({"hours_per_shift": 4.0}, "part_time_hours", 4.0),
        ({"experience": "between3And6"}, "experience", "between3And6"),
        ({"employment": "probation"}, "employment", "probation"),
        ({"employer_name": "Ozon"}, "sector", "ecommerce_retail"),
        ({"professional_roles": [TECH_SUPPORT_ROLE]}, "role_family", "tech_support"),
        ({"languages": [("english", "b2")]}, "languages", (Language("english", "b2", True),)),
    ],
)
def test_structured_fields_give_values_from_the_field(fields, name, value):
    result = features("Специалист", None, **fields)

    assert getattr(result, name) == value
    assert result.provenance[name] == "field"


@pytest.mark.parametrize(
    "fields, text, name, value",
    [
        ({"work_format": "on_site"}, "Работа удалённо", "work_format", "on_site"),
        ({"schedule": "fullDay"}, "График 2/2", "schedule", "full_day"),
        ({"experience": "moreThan6"}, "Без опыта", "experience", "moreThan6"),
        ({"employment": "full"}, "Частичная занятость", "employment", "full"),
        ({"languages": [("german", None)]}, "Английский B2", "languages",
         (Language("german", None, True),)),
    ],
)  # fmt: skip
def test_a_structured_field_wins_over_the_text(fields, text, name, value):
    result = features("Специалист", text, **fields)

    assert getattr(result, name) == value
    assert result.provenance[name] == "field"


@pytest.mark.parametrize(
    "levels, expected",
    [
        ([("english", "l1")], (Language("english", "native", True),)),
        ([("english", None)], (Language("english", None, True),)),
        ([("russian", "native"), ("english", "c1")], (Language("english", "c1", True),)),
        ([("russian", "b1")], (Language("russian", "b1", True),)),
    ],
)
def test_hh_languages_count_as_required_and_fluent_russian_is_the_default(levels, expected):
    assert features(languages=levels).languages == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Английский B2", ("b2", True)),
        ("Английский язык (В2)", ("b2", True)),  # a Cyrillic В
        ("English B2", ("b2", True)),
        ("English Upper-Intermediate", ("b2", True)),
        ("Английский на уровне Intermediate", ("b1", True)),
        ("Pre-Intermediate English", ("a2", True)),
        ("English Elementary", ("a1", True)),
        ("Английский язык на уровне не ниже B1", ("b1", True)),
        ("Английский B1–B2", ("b1", True)),
        ("Свободный английский", ("c1", True)),
        ("Свободно владеть английским", ("c1", True)),
        ("Fluent English", ("c1", True)),
        ("English Advanced", ("c1", True)),
        ("English Proficiency", ("c2", True)),
        ("Английский в совершенстве", ("c2", True)),
        ("Разговорный английский", ("b1", True)),
        ("Знание английского языка", (None, True)),
        ("Английский B2 будет плюсом", ("b2", False)),
        ("Английский желательно", (None, False)),
        ("Желательно знание английского языка", (None, False)),
        ("Знание английского приветствуется", (None, False)),
        ("Английский — преимущество", (None, False)),
        ("Требования:\n• опыт продаж\nБудет плюсом:\n• английский язык", (None, False)),
    ],
)
def test_english_level_and_whether_it_is_required(text, expected):
    result = features("Специалист", text)

    assert [(lang.name, lang.level, lang.required) for lang in result.languages] == [
        ("english", *expected)
    ]
    assert result.provenance["languages"] == "text"


@pytest.mark.parametrize(
    "text",
    [
        "Английский не требуется",
        "Знание английского языка не обязательно",
        "Знание языков не обязательно",
        "Без знания английского",
        "Не требуется знание английского",
        "Английский и немецкий языки не нужны",
        "Грамотный русский язык",
        "Немецкие автомобили, китайские запчасти",
        "Бесплатные курсы английского языка для сотрудников",
        "Опыт работы не требуется, грамотная речь",
    ],
)
def test_no_language_when_denied_not_foreign_or_not_a_requirement(text):
    result = features("Специалист", text)

    assert result.languages == ()
    assert result.provenance["languages"] is None


def test_several_languages_keep_their_own_level_and_modality():
    result = features("Менеджер", "Английский B2, немецкий — будет плюсом. Китайский не нужен")

    assert result.languages == (Language("english", "b2", True), Language("german", None, False))


def test_russian_is_listed_next_to_a_neighbouring_countrys_language():
    result = features("Оператор", "Знание казахского и русского языков")

    assert [lang.name for lang in result.languages] == ["kazakh", "russian"]


@pytest.mark.parametrize(
    "text, night",
    [
        ("Ночные смены", True),
        ("Дневные и ночные смены", True),
        ("Работа в ночь", True),
        ("Работаем ночью", True),
        ("Ночной график работы", True),
        ("Работа 24/7 посменно", True),
        ("Смены с 20:00 до 8:00", True),
        ("Сутки через трое", True),
        ("Без ночных смен", False),
        ("Ночных смен нет", False),
        ("Ночные смены не предусмотрены", False),
        ("Смены с 8:00 до 20:00", False),
        ("Поддержка клиентов 24/7", False),
        ("Ночной клуб приглашает администратора", False),
    ],
)
def test_night_shifts_from_text(text, night):
    result = features("Оператор", text)

    assert result.night_shifts is night
    assert result.provenance["night_shifts"] == ("text" if night else None)


def test_night_shifts_from_the_field_and_a_false_field_does_not_hide_the_text():
    assert features(night_shifts=True).provenance["night_shifts"] == "field"
    assert features("Оператор", "Ночные смены", night_shifts=False).night_shifts is True


@pytest.mark.parametrize(
    "title, text, work_format",
    [
        ("Оператор", "Работа удалённо", "remote"),
        ("Оператор", "Удалёнка, нужен ноутбук", "remote"),
        ("Оператор", "Работа из дома", "remote"),
        ("Оператор", "Работа на дому", "remote"),
        ("Оператор", "Гибридный формат: 2 дня в офисе", "hybrid"),
        ("Оператор", "Гибрид", "hybrid"),
        ("Оператор", "Частично удалённо", "hybrid"),
        ("Оператор", "Удалённо или в офисе — на ваш выбор", "hybrid"),
        ("Оператор", "Не удалённо", "on_site"),
        ("Оператор", "Работа только в офисе", "on_site"),
        ("Оператор", "Удалённая работа не рассматривается", "on_site"),
        ("Оператор", "Удалёнки нет", "on_site"),
        ("Оператор", "Работа в офисе у метро", "on_site"),
        ("Кассир", None, "on_site"),  # the job cannot be done from home
        ("Водитель-экспедитор", None, "on_site"),
        ("Оператор", "Подключение к ПК пользователя через удалённый доступ", None),
        ("Логист", None, None),
        ("Оператор", None, None),
    ],
)
def test_work_format_from_text(title, text, work_format):
    result = features(title, text)

    assert result.work_format == work_format
    assert result.provenance["work_format"] == ("text" if work_format else None)


@pytest.mark.parametrize(
    "text, schedule, pattern",
    [
        ("График 2/2", "shift", "2/2"),
        ("Работа 2 через 2", "shift", "2/2"),
        ("График 2х2 по 12 часов", "shift", "2/2"),
        ("Сменный график 3/3", "shift", "3/3"),
        ("Сутки через трое", "shift", "1/3"),
        ("График 5/2, полный день", "full_day", "5/2"),
        ("Пятидневка с 9 до 18", "full_day", "5/2"),
        ("Гибкий график", "flexible", None),
        ("Свободный график", "flexible", None),
        ("Частичная занятость", "part_time", None),
        ("Неполный рабочий день", "part_time", None),
        ("Проектная работа", "project", None),
        ("Вахтовым методом 30/30", "rotation", None),
        ("Работа на 1/2 ставки", None, None),
        ("Поддержка 24/7", None, None),
    ],
)
def test_schedule_and_shift_pattern_from_text(text, schedule, pattern):
    result = features("Оператор", text)

    assert (result.schedule, result.shift_pattern) == (schedule, pattern)


@pytest.mark.parametrize(
    "text, hours",
    [
        ("Частичная занятость, от 4 часов в день", 4.0),
        ("Смены от 4-х часов", 4.0),
        ("Подработка: 3-4 часа в день", 3.0),
        ("Смены по 6 часов", 6.0),
        ("Смены по 12 часов", None),  # a full day is not part-time
        ("8 часов в день", None),
        ("Гибкий график", None),
    ],
)
def test_part_time_hours_from_text(text, hours):
    result = features("Оператор", text)

    assert result.part_time_hours == hours
    if hours:
        assert (result.schedule, result.provenance["part_time_hours"]) == ("part_time", "text")


def test_part_time_hours_from_a_short_hh_working_day_only():
    assert features(hours_per_shift=4.0).part_time_hours == 4.0
    assert features(hours_per_shift=12.0).part_time_hours is None


@pytest.mark.parametrize(
    "text, experience",
    [
        ("Без опыта", "noExperience"),
        ("Рассматриваем кандидатов без опыта работы", "noExperience"),
        ("Опыт работы не требуется", "noExperience"),
        ("Опыт не обязателен", "noExperience"),
        ("Опыт работы от 1 года", "between1And3"),
        ("Опыт от года", "between1And3"),
        ("Опыт не менее двух лет", "between1And3"),
        ("Опыт работы в продажах от 3 лет", "between3And6"),
        ("Опыт от 6 лет", "moreThan6"),
        ("Опыт работы в продажах будет плюсом", None),
        ("Опыт от года желателен", None),
    ],
)
def test_experience_from_text(text, experience):
    assert features("Оператор", text).experience == experience


@pytest.mark.parametrize(
    "title, text, employment",
    [
        ("Оператор", "Частичная занятость", "part"),
        ("Оператор", "Подработка для студентов", "part"),
        ("Оператор", "Полная занятость", "full"),
        ("Оператор", "Проектная работа", "project"),
        ("Стажёр в отдел продаж", None, "probation"),
        ("Волонтёр на фестиваль", None, "volunteer"),
        ("Оператор", "Оплачиваемая стажировка 2 недели", None),  # onboarding, not the job
    ],
)
def test_employment_from_text(title, text, employment):
    assert features(title, text).employment == employment


@pytest.mark.parametrize(
    "employer, sector",
    [
        ("ПАО Сбербанк", "finance"),
        ("Т-Банк", "finance"),
        ("ВТБ (ПАО)", "finance"),
        ("Ozon", "ecommerce_retail"),
        ("Ozon Банк", "finance"),  # the longest known name wins
        ("OZON: Информационные технологии", "it"),  # a brand's IT company
        ("X5 Tech", "it"),
        ("ООО «Вайлдберриз»", "ecommerce_retail"),
        ("М.Видео-Эльдорадо", "ecommerce_retail"),
        ("Яндекс", "it"),
        ("Яндекс Маркет", "ecommerce_retail"),
        ("Лаборатория Касперского", "it"),
        ("Skyeng", "education"),
        ("МТС", "telecom"),
        ("МТС Банк", "finance"),
        ("СДЭК", "logistics"),
        ("Группа компаний Самолет", "construction_realty"),
        ("ООО Страховая компания «Надёжная»", "finance"),  # words in the name
        ("ГБУЗ Городская поликлиника № 3", "healthcare"),
        ("МБОУ СОШ № 5", "education"),
        ("ГБУ Жилищник района Марьино", "government"),
        ("Ресторан «Пушкин»", "hospitality"),
        ("Кадровое агентство «Старт»", "services"),
        ("Машиностроительный завод", "manufacturing"),
        ("ООО «Ромашка»", "other"),
        ("ИП Петров Иван Иванович", "other"),
    ],
)
def test_sector_from_the_employer_name(employer, sector):
    result = features("Оператор", None, employer_name=employer)

    assert result.sector == sector
    assert result.provenance["sector"] == (None if sector == "other" else "field")


@pytest.mark.parametrize(
    "text, sector",
    [
        ("Мы — крупный федеральный банк. Приглашаем операторов.", "finance"),
        ("Онлайн-школа английского языка ищет кураторов", "education"),
        ("Мы — IT-компания, разрабатываем SaaS для бизнеса", "it"),
        ("Интернет-магазин бытовой техники ищет оператора", "ecommerce_retail"),
        ("Крупный оператор связи приглашает в команду", "telecom"),
        ("Мы — аутсорсинговый контакт-центр", "services"),
        ("Наша клиника приглашает администратора", "healthcare"),
        # A business named but not as the employer's: precision over recall.
        ("Опыт работы в банке приветствуется", "other"),
        ("Проект для крупного маркетплейса", "other"),
        ("Наш клиент — крупный банк", "other"),
        ("Перед нами задача — разработка интернет-магазина", "other"),  # a project, not us
        ("Консультирование клиентов банка по телефону", "other"),
        ("Мы — банк и маркетплейс в одном приложении", "other"),  # two answers: no guess
    ],
)
def test_sector_from_how_the_text_describes_the_employer(text, sector):
    result = features("Оператор", text, employer_name="ООО «Вектор»")

    assert result.sector == sector
    assert result.provenance["sector"] == (None if sector == "other" else "text")


@pytest.mark.parametrize(
    "fields, sector, provenance",
    [
        # hh's IT accreditation names an IT employer the dictionary does not know ...
        ({"employer_name": "ООО «Ромашка»", "employer_accredited_it": True}, "it", "field"),
        # ... but a known employer, a word in the name or the text's own description wins.
        ({"employer_name": "Т-Банк", "employer_accredited_it": True}, "finance", "field"),
        ({"employer_name": "Точка", "employer_accredited_it": True}, "finance", "field"),
        (
            {"employer_name": "Клиника «Здоровье»", "employer_accredited_it": True},
            "healthcare",
            "field",
        ),
        (
            {
                "employer_name": "Вектор",
                "employer_accredited_it": True,
                "snippet_text": "Мы — крупный федеральный банк.",
            },
            "finance",
            "text",
        ),
        # Employer industries (hh employer.industries, SuperJob agency type): the majority.
        (
            {"employer_name": "Вектор", "employer_industries": ("Розничная торговля",)},
            "ecommerce_retail",
            "field",
        ),
        (
            {
                "employer_name": "Вектор",
                "employer_industries": (
                    "Разработка программного обеспечения",
                    "Системная интеграция",
                    "Банк",
                ),
            },
            "it",
            "field",
        ),
        (
            {"employer_name": "Вектор", "employer_industries": ("Кадровое агентство",)},
            "services",
            "field",
        ),
        (
            {"employer_name": "Вектор", "employer_industries": ("прямой работодатель",)},
            "other",
            None,
        ),
        # The employer describing itself (SuperJob firm_activity) needs no «мы».
        (
            {"employer_name": "Вектор", "employer_about": "Поисковая система и интернет-портал."},
            "it",
            "text",
        ),
        # A job title where an export put the employer's name is no employer.
        ({"employer_name": "IT-специалист"}, "other", None),
        (
            {"employer_name": "Frontend developer (офис)", "employer_accredited_it": False},
            "other",
            None,
        ),
        (
            {"employer_name": "ООО «Специалист»", "employer_industries": ("Кадровое агентство",)},
            "services",
            "field",
        ),
        # Short brand names that are common words match only whole.
        ({"employer_name": "Точка роста"}, "other", None),
        # Look-alike Latin letters, lone dashes, words inside compound names.
        ({"employer_name": "Ренессанс cтрахование, Группа"}, "finance", "field"),
        ({"employer_name": "Ростелеком - Центры обработки данных"}, "it", "field"),
        ({"employer_name": "Нордстрой"}, "construction_realty", "field"),
        ({"employer_name": "Линсофтверпродакшн"}, "it", "field"),
        ({"employer_name": "Агентство недвижимости «Дом»"}, "construction_realty", "field"),
        # A place of work in the title; a job that exists in one business only.
        ({"title": "Продавец в магазин одежды"}, "ecommerce_retail", "text"),
        ({"title": "Администратор в фитнес-клуб"}, "hospitality", "text"),
        ({"title": "Менеджер по работе с банками"}, "other", None),
        ({"professional_roles": (("96", "Фармацевт-провизор"),)}, "healthcare", "field"),
        ({"title": "Повар горячего цеха"}, "hospitality", "text"),
        ({"title": "Оператор", "professional_roles": (CALL_CENTRE_ROLE,)}, "other", None),
    ],
)
def test_sector_from_what_the_source_says_about_the_employer(fields, sector, provenance):
    result = extract_features(VacancyInput(**{"title": "Специалист", **fields}))

    assert result.sector == sector
    assert result.provenance["sector"] == provenance


def test_sector_signals_the_canonical_layer_lacks_are_read_from_the_raw_records(tmp_path):
    from pipelines.warehouse import db
    from pipelines.warehouse.feature_store import update_features
    from pipelines.warehouse.load import ingest
    from tests.conftest import hh_item, hh_page, write_json

    plain = {"id": "7", "name": "Вектор"}
    write_json(tmp_path / "hh" / "page.json", hh_page(
        hh_item("1", employer={**plain, "accredited_it_employer": True}),
        hh_item("2", employer={**plain, "accredited_it_employer": False}),
        hh_item("3", employer={**plain, "industries": [{"id": "7.540", "name": "Разработка ПО"},
                                                      {"id": "41.1", "name": "Розничная сеть"},
                                                      {"id": "41.2", "name": "Интернет-магазин"}]}),
    ))  # fmt: skip
    sj = {
        "profession": "Оператор",
        "payment_from": 40000,
        "currency": "rub",
        "date_published": 1763971200,
        "town": {"id": 4, "title": "Москва"},
    }
    write_json(tmp_path / "sj" / "page.json", {"objects": [
        {**sj, "id": 11, "firm_name": "Вектор", "agency": {"id": 2, "title": "кадровое агентство"}},
        {**sj, "id": 12, "firm_name": "Вектор", "firm_activity": "Сеть магазинов косметики"},
    ]})  # fmt: skip
    con = db.connect(tmp_path / "w.duckdb")
    ingest(con, [tmp_path / "hh"])
    ingest(con, [tmp_path / "sj"], source="superjob")
    update_features(con)
    sectors = dict(con.execute("select vacancy_id, sector from vacancy_features").fetchall())
    con.close()

    assert sectors == {"1": "it", "2": "other", "3": "ecommerce_retail", "11": "services",
                       "12": "ecommerce_retail"}  # fmt: skip


def test_the_sector_cues_are_valid():
    from pipelines.features.sector import CUE_KINDS, cues

    for kind in CUE_KINDS:
        if kind != "stem":
            assert cues(kind).find(("нет", "такой", "фраза")) == []


def test_the_employer_dictionary_is_valid():
    employers = known_employers()

    assert len(employers) > 300
    assert set(employers.values()) <= set(SECTORS) - {"other"}
    assert employer_key("  ПАО «Сбербанк России» ") == "сбербанк россии"


@pytest.mark.parametrize(
    "title, text, roles, family",
    [
        ("Оператор чата", None, None, "chat_support"),
        ("Оператор чата", None, [CALL_CENTRE_ROLE], "chat_support"),  # the title says more
        ("Специалист чат-поддержки", None, None, "chat_support"),
        ("Оператор call-центра (чат)", None, None, "chat_support"),
        ("Модератор чата", None, None, "chat_support"),
        ("Оператор call-центра", "Ответы клиентам в мессенджерах, без звонков",
         [CALL_CENTRE_ROLE], "chat_support"),
        ("Специалист службы поддержки", "Консультирование клиентов в чате", None, "chat_support"),
        ("Оператор call-центра", None, [CALL_CENTRE_ROLE], "call_centre"),
        ("Оператор колл-центра (входящие звонки)", None, None, "call_centre"),
        ("Специалист контактного центра", None, None, "call_centre"),
        ("Оператор на входящую линию", None, None, "call_centre"),
        ("Специалист службы поддержки", "Приём входящих звонков", None, "call_centre"),
        ("Специалист технической поддержки", None, None, "tech_support"),
        ("Инженер техподдержки", None, None, "tech_support"),
        ("Helpdesk specialist", None, None, "tech_support"),
        ("Специалист службы поддержки", None, [TECH_SUPPORT_ROLE], "tech_support"),
        ("Старший оператор колл-центра", None, None, "support_lead"),
        ("Руководитель группы поддержки", None, None, "support_lead"),
        ("Тимлид службы поддержки", None, None, "support_lead"),
        ("Супервайзер контакт-центра", None, None, "support_lead"),
        ("Руководитель группы", None, [CALL_CENTRE_ROLE], "support_lead"),
        ("Специалист ОКК", None, None, "support_qa"),
        ("Асессор", None, None, "support_qa"),
        ("Специалист по контролю качества", None, [CALL_CENTRE_ROLE], "support_qa"),
        ("Специалист по контролю качества обслуживания", None, None, "support_qa"),
    ],
)  # fmt: skip
def test_support_families_are_told_apart(title, text, roles, family):
    assert features(title, text, professional_roles=roles).role_family == family


@pytest.mark.parametrize(
    "title, roles, family, provenance",
    [
        ("Специалист", [CALL_CENTRE_ROLE], "call_centre", "field"),
        ("Оператор call-центра", [CALL_CENTRE_ROLE], "call_centre", "field"),
        ("Оператор чата", [CALL_CENTRE_ROLE], "chat_support", "text"),
        ("Менеджер", [("70", "Менеджер по продажам, менеджер по работе с клиентами")], "sales",
         "field"),
        ("Специалист", [("58", "Курьер")], "logistics_warehouse", "field"),
        ("Специалист", [OTHER_ROLE], "other", None),
        ("Руководитель отдела продаж", [CALL_CENTRE_ROLE], "management", "text"),
        ("Python-разработчик", None, "software_dev", "text"),
        ("Разработчик чат-ботов", None, "software_dev", "text"),  # a developer, not a chat
        ("QA Engineer", None, "software_dev", "text"),
        ("Системный администратор", None, "it_other", "text"),
        ("Менеджер по продажам", None, "sales", "text"),
        ("SMM-менеджер", None, "marketing", "text"),
        ("Бухгалтер", None, "finance_accounting", "text"),
        ("Рекрутер", None, "hr", "text"),
        ("Офис-менеджер", None, "admin_office", "text"),
        ("Оператор ПК", None, "admin_office", "text"),
        ("Кладовщик", None, "logistics_warehouse", "text"),
        ("Продавец-консультант", None, "retail_staff", "text"),
        ("Оператор станка ЧПУ", None, "manual_labour", "text"),
        ("Медицинская сестра", None, "healthcare_staff", "text"),
        ("Учитель математики", None, "education_staff", "text"),
        ("Директор магазина", None, "management", "text"),
        ("Специалист службы поддержки", None, "other", None),  # support, channel unknown
    ],
)  # fmt: skip
def test_role_family_and_where_it_came_from(title, roles, family, provenance):
    result = features(title, None, professional_roles=roles)

    assert result.role_family in ROLE_FAMILIES
    assert (result.role_family, result.provenance["role_family"]) == (family, provenance)


runner = CliRunner()


def test_cli_features_shows_the_extracted_values_with_their_source():
    result = runner.invoke(
        app,
        ["features", "--title", "Оператор чата", "--employer", "Т-Банк",
         "--text", "Удалённо, график 2/2, без ночных смен. Английский B2 будет плюсом."],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "sector:          finance  (from field)" in lines
    assert "role_family:     chat_support  (from text)" in lines
    assert "languages:       english b2 (nice to have)  (from text)" in lines
    assert "night_shifts:    false" in lines


def test_cli_features_json_has_every_field_and_its_provenance():
    result = runner.invoke(
        app, ["features", "--title", "Оператор call-центра", "--text", "Ночные смены", "--json"]
    )

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["role_family"] == "call_centre"
    assert payload["night_shifts"] is True
    assert payload["provenance"]["night_shifts"] == "text"
    assert list(payload["provenance"]) == list(FEATURE_NAMES)
    assert set(payload) == {*FEATURE_NAMES, *PROFILE_NAMES, "provenance"}


def test_the_cli_does_not_load_the_morphology_until_features_are_asked_for():
    probe = "import sys, pipelines.cli; print('pymorphy3' in sys.modules, 'razdel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert out.stdout.split() == ["False", "False"]


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(max_size=60),
    text=st.one_of(st.none(), st.text(alphabet=VACANCY_ALPHABET, max_size=200)),
    employer=st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_text_gives_values_from_the_vocabulary(title, text, employer):
    result = features(title, text, employer_name=employer)

    assert result.sector in SECTORS and result.role_family in ROLE_FAMILIES
    assert result.schedule in (*SCHEDULES, None) and result.work_format in (*WORK_FORMATS, None)
    assert all(lang.level in (*LEVELS, None) for lang in result.languages)
    assert set(result.provenance) == set(FEATURE_NAMES)
    assert set(result.provenance.values()) <= {"field", "text", None}


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Стажёр в отдел поддержки", 0),
        ("Junior Python Developer", 1),
        ("Младший бухгалтер", 1),
        ("Middle QA engineer", 2),
        ("Старший оператор чата", 3),
        ("Ведущего специалиста по ВЭД", 3),  # inflected: read by lemma
        ("Senior Frontend Developer / Старший фронтенд-разработчик", 3),
        ("Главный специалист по общестроительным работам", 4),
        ("Team Lead службы поддержки", 4),
        ("Заместитель начальника отдела", 4),
        ("Руководитель группы контроля качества", 5),
        ("Финансовый директор", 6),
        ("Оператор чата", None),
        ("Помощник руководителя", None),  # works for a head, is not one
        ("", None),
    ],
)
def test_seniority_from_the_title(title, level):
    assert seniority_of(title) == level


def test_a_letter_without_a_unicode_name_beside_cyrillic_is_kept_as_written():
    """Found by the property test above: pymorphy3 raised ValueError on «𗀀а» (U+17000 has no
    name in Python's tables), which stopped the extraction of the whole vacancy."""
    from pipelines.features.text import lemma

    assert lemma("𗀀а") == "𗀀а"
    assert features("Оператор", "поддержка клиентов", employer_name="𗀀A").sector is not None
