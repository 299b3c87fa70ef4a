"""The profession extractors (requirements, duties, tools, conditions, request load) on
hand-written Russian snippets: every code, its negations and modality."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.features import VacancyInput, extract_features
from pipelines.features.profession import CODES, PROFILE_FIELDS

runner = CliRunner()


def found(text: str, title: str = "Оператор поддержки", **fields) -> dict[str, tuple[str, ...]]:
    f = extract_features(VacancyInput(title=title, description_text=text, **fields))
    return {name: getattr(f, name) for name in PROFILE_FIELDS}


EVERY_CODE = [
    # requirements
    ("requirements", "literacy", "Требования: грамотная письменная речь"),
    ("requirements", "typing_speed", "Скорость печати от 200 знаков в минуту"),
    ("requirements", "pc_skills", "Уверенный пользователь ПК"),
    ("requirements", "crm_skills", "Знание CRM-систем обязательно"),
    ("requirements", "stress_resistance", "Стрессоустойчивость и внимательность"),
    ("requirements", "politeness", "Вежливость и доброжелательность в общении"),
    ("requirements", "experience_required", "Опыт работы в поддержке от 1 года"),
    ("requirements", "no_experience_ok", "Опыт не требуется, всему научим"),
    ("requirements", "education_higher", "Высшее образование"),
    # duties
    ("duties", "chat_support", "Отвечать клиентам в чатах и мессенджерах"),
    ("duties", "phone_calls", "Принимать входящие звонки"),
    ("duties", "email_support", "Обрабатывать обращения, пришедшие на электронную почту"),
    ("duties", "consulting", "Консультировать клиентов по тарифам"),
    ("duties", "escalation", "Передавать сложные вопросы на вторую линию"),
    ("duties", "reporting", "Готовить ежедневный отчёт руководителю"),
    ("duties", "knowledge_base", "Пополнять базу знаний"),
    ("duties", "sales_upsell", "Предлагать клиентам дополнительные услуги"),
    ("duties", "order_processing", "Оформлять заказы и отслеживать их статус"),
    # tools
    ("tools", "amocrm", "Работа в amoCRM"),
    ("tools", "bitrix24", "Работа в Битрикс24"),
    ("tools", "1c", "Знание 1С:Предприятие"),
    ("tools", "zendesk", "Тикеты в Zendesk"),
    ("tools", "usedesk", "Чаты в Usedesk"),
    ("tools", "omnidesk", "Работаем в Omnidesk"),
    ("tools", "jivo", "Онлайн-консультант JivoSite"),
    ("tools", "freshdesk", "Система Freshdesk"),
    ("tools", "helpdeskeddy", "Заявки в HelpDeskEddy"),
    ("tools", "intercom", "Переписка в Intercom"),
    ("tools", "talk_me", "Чаты в Talk-Me"),
    ("tools", "chatra", "Виджет Chatra на сайте"),
    ("tools", "jira", "Задачи разработчикам в Jira"),
    ("tools", "okdesk", "Заявки в Okdesk"),
    ("tools", "retailcrm", "Заказы в RetailCRM"),
    ("tools", "salesforce", "Карточки клиентов в Salesforce"),
    ("tools", "telegram", "Ответы в Телеграм"),
    ("tools", "whatsapp", "Сообщения в WhatsApp"),
    # conditions
    ("conditions", "training_provided", "Бесплатное обучение перед стартом"),
    ("conditions", "paid_training", "Оплачиваемое обучение"),
    ("conditions", "official_employment", "Официальное трудоустройство по ТК РФ"),
    ("conditions", "dms", "ДМС после испытательного срока"),
    ("conditions", "equipment_provided", "Предоставляем ноутбук и гарнитуру"),
    ("conditions", "combine_with_study", "Можно совмещать с учёбой"),
    ("conditions", "flexible_hours", "Гибкий график"),
    ("conditions", "bonus", "Ежемесячные премии"),
    ("conditions", "career_growth", "Возможность карьерного роста"),
]


def test_every_code_of_the_issue_has_a_snippet_here():
    covered = {(field, code) for field, code, _ in EVERY_CODE}
    assert {(f, c) for f in PROFILE_FIELDS for c in CODES[f][:18]} <= covered


@pytest.mark.parametrize("field, code, text", EVERY_CODE)
def test_every_code_is_found_in_plain_wording(field, code, text):
    assert code in found(text)[field]


@pytest.mark.parametrize(
    "field, code, text",
    [
        ("requirements", "typing_speed", "Скорость печати не важна"),
        ("requirements", "experience_required", "Опыт работы не обязателен"),
        ("requirements", "crm_skills", "Знание CRM не требуется"),
        ("requirements", "education_higher", "Высшее образование не обязательно"),
        ("requirements", "education_higher", "Образование: среднее или высшее образование"),
        ("requirements", "literacy", "Грамотная речь будет плюсом"),
        ("requirements", "pc_skills", "Обязательно наличие ПК или ноутбука"),
        ("duties", "phone_calls", "Работа без звонков, только переписка"),
        ("duties", "sales_upsell", "Без продаж!"),
        ("duties", "sales_upsell", "Прогнозирование продаж и анализ запасов"),
        ("duties", "email_support", "Резюме присылайте на e-mail"),
        ("duties", "chat_support", "Разработка чат-ботов на Python"),
        ("duties", "phone_calls", "Опыт работы в колл-центре"),
        ("duties", "reporting", "Умение читать финансовую отчётность"),
        ("conditions", "training_provided", "Опыт в машинном обучении"),
        ("conditions", "training_provided", "Обучение и наставничество младших коллег"),
        ("conditions", "dms", "ДМС не предусмотрен"),
        ("conditions", "bonus", "Контролировать выполнение KPI команды"),
    ],
)
def test_denied_nice_to_have_and_other_senses_are_not_codes(field, code, text):
    assert code not in found(text)[field]


def test_a_denied_experience_requirement_means_no_experience_needed():
    assert found("Опыт работы не требуется")["requirements"] == ("no_experience_ok",)
    assert found("Рассмотрим без опыта. Опыт от года будет плюсом")["requirements"] == (
        "no_experience_ok",
    )


def test_hh_experience_field_decides_unless_the_text_says_more():
    field = {"experience": "noExperience"}
    assert found("Опыт работы в колл-центре", **field)["requirements"] == ("no_experience_ok",)
    assert found("Опыт работы от 3 лет", **field)["requirements"] == ("experience_required",)
    assert "experience_required" in found("", experience="between1And3")["requirements"]
    assert (
        "no_experience_ok"
        in found("Рассматриваем без опыта", experience="between1And3")["requirements"]
    )


def test_paid_training_is_training_and_a_flexible_schedule_is_flexible_hours():
    assert found("Оплачиваемая стажировка")["conditions"] == ("training_provided", "paid_training")
    assert "flexible_hours" in found("", schedule="flexible")["conditions"]


def test_one_phrase_may_count_in_two_lists():
    lists = found("Уверенное знание Excel")
    assert "excel" in lists["tools"] and "pc_skills" in lists["requirements"]


@pytest.mark.parametrize(
    "text, load",
    [
        ("Ведение 3-5 чатов одновременно", (4.0, None, None)),
        ("Одновременно до 6 диалогов", (6.0, None, None)),
        ("В среднем 120 обращений за смену", (None, 120.0, None)),
        ("Около 80 звонков в день", (None, 80.0, None)),
        ("До 15 обращений в час", (None, None, 15.0)),
        ("Оклад 45 000 рублей, смена 12 часов", (None, None, None)),
        ("Команда из 40 человек, 2 смены", (None, None, None)),
    ],
)
def test_request_load_where_stated(text, load):
    got = extract_features(VacancyInput(title="Оператор", description_text=text)).request_load
    assert tuple(got) == load


def test_cli_features_json_has_the_profession_keys():
    result = runner.invoke(
        app,
        [
            "features",
            "--title",
            "Оператор чата",
            "--text",
            "Знание CRM. Опыт не требуется. До 4 чатов одновременно. ДМС",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["requirements"] == ["crm_skills", "no_experience_ok"]
    assert payload["duties"] == ["chat_support"]
    assert payload["conditions"] == ["dms"]
    assert payload["tools"] == []
    assert payload["request_load"] == {
        "chats_at_once": 4.0,
        "requests_per_shift": None,
        "requests_per_hour": None,
    }


def test_a_named_crm_system_with_a_skill_word_is_a_crm_requirement():
    assert "crm_skills" in found("Знание amoCRM")["requirements"]
    assert "crm_skills" not in found("Опыт работы в Битрикс24 будет плюсом")["requirements"]
    assert "bitrix24" in found("Опыт работы в Битрикс24 будет плюсом")["tools"]
