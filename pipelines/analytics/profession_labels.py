"""What people read for the profession's codes, (Russian, English), shared by the Profession
page and the market brief; numbers as people read them (52 000 ₽, 18 %). Pure."""

from __future__ import annotations

import math

from pipelines.analytics.stats import CONFIDENCE_WORDS

LABELS = {
    # requirements
    "literacy": ("грамотная речь", "literacy"),
    "typing_speed": ("скорость печати", "typing speed"),
    "pc_skills": ("уверенный ПК", "PC skills"),
    "crm_skills": ("работа с CRM", "CRM skills"),
    "stress_resistance": ("стрессоустойчивость", "stress resistance"),
    "politeness": ("вежливость", "politeness"),
    "experience_required": ("нужен опыт", "experience required"),
    "no_experience_ok": ("можно без опыта", "no experience needed"),
    "education_higher": ("высшее образование", "higher education"),
    # duties
    "chat_support": ("чаты и мессенджеры", "chats and messengers"),
    "phone_calls": ("звонки", "phone calls"),
    "email_support": ("электронная почта", "e-mail"),
    "consulting": ("консультации клиентов", "consulting customers"),
    "escalation": ("передача на вторую линию", "escalation to second line"),
    "reporting": ("отчётность", "reporting"),
    "knowledge_base": ("база знаний", "knowledge base"),
    "sales_upsell": ("продажи и допродажи", "sales and upselling"),
    "order_processing": ("обработка заказов", "order processing"),
    # tools
    "amocrm": ("amoCRM", "amoCRM"), "bitrix24": ("Битрикс24", "Bitrix24"), "1c": ("1С", "1C"),
    "zendesk": ("Zendesk", "Zendesk"), "usedesk": ("Usedesk", "Usedesk"),
    "omnidesk": ("Omnidesk", "Omnidesk"), "jivo": ("Jivo", "Jivo"),
    "freshdesk": ("Freshdesk", "Freshdesk"), "helpdeskeddy": ("HelpDeskEddy", "HelpDeskEddy"),
    "intercom": ("Intercom", "Intercom"), "talk_me": ("Talk-Me", "Talk-Me"),
    "chatra": ("Chatra", "Chatra"), "jira": ("Jira", "Jira"), "okdesk": ("Okdesk", "Okdesk"),
    "retailcrm": ("RetailCRM", "RetailCRM"), "salesforce": ("Salesforce", "Salesforce"),
    "telegram": ("Telegram", "Telegram"), "whatsapp": ("WhatsApp", "WhatsApp"),
    "vk": ("ВКонтакте", "VK"), "viber": ("Viber", "Viber"), "excel": ("Excel", "Excel"),
    "confluence": ("Confluence", "Confluence"), "redmine": ("Redmine", "Redmine"),
    "naumen": ("Naumen", "Naumen"), "otrs": ("OTRS", "OTRS"), "youtrack": ("YouTrack", "YouTrack"),
    "slack": ("Slack", "Slack"), "sap": ("SAP", "SAP"),
    "google_sheets": ("Google Таблицы", "Google Sheets"),
    # conditions
    "training_provided": ("обучение", "training"),
    "paid_training": ("оплачиваемое обучение", "paid training"),
    "official_employment": ("официальное оформление", "official employment"),
    "dms": ("ДМС", "health insurance"),
    "equipment_provided": ("оборудование от компании", "equipment provided"),
    "combine_with_study": ("можно совмещать с учёбой", "can combine with study"),
    "flexible_hours": ("гибкий график", "flexible hours"),
    "bonus": ("премии и бонусы", "bonuses"),
    "career_growth": ("карьерный рост", "career growth"),
    # load measures
    "load_chats_at_once": ("чатов одновременно", "chats at once"),
    "load_requests_per_shift": ("обращений за смену", "requests per shift"),
    "load_requests_per_hour": ("обращений в час", "requests per hour"),
    # ladder steps
    "operator": ("оператор", "operator"),
    "senior_operator": ("старший оператор", "senior operator"),
    "team_lead": ("тимлид / супервайзер", "team lead / supervisor"),
    "qa": ("специалист по качеству (QA)", "QA / quality specialist"),
    "junior": ("младший", "junior"), "middle": ("специалист", "middle"),
    "senior": ("старший / ведущий", "senior"), "lead": ("лид / руководитель", "lead"),
    # region groups
    "moscow": ("Москва", "Moscow"), "spb": ("Санкт-Петербург", "St Petersburg"),
    "million": ("города-миллионники", "cities over a million"),
    "other": ("другие регионы", "other regions"), "abroad": ("за рубежом", "abroad"),
    "remote": ("удалённо, из любого места", "remote from anywhere"),
    "unknown": ("не указано", "not stated"),
    # pay drivers (profession.drivers)
    "driver.english": ("английский", "English"),
    "driver.night_shifts": ("ночные смены", "night shifts"),
    "driver.experience": ("требуется опыт", "experience asked"),
    "driver.high_load": ("больше 100 обращений за смену", "over 100 requests a shift"),
    "driver.remote": ("удалённая работа", "remote work"),
    "driver.capitals": ("работодатель в Москве или Петербурге",
                        "employer in Moscow or St Petersburg"),
    # confidence words (pipelines.analytics.stats.confidence)
    **{f"confidence.{word}": pair for word, pair in CONFIDENCE_WORDS.items()},
    # premium verdicts
    "verdict.zero": ("не отличимо от нуля", "not distinguishable from zero"),
    "verdict.none": ("нет данных", "no data"),
}


def label(code: object, language: str = "ru", values: dict | None = None) -> str:
    """The code as people read it: from `values` (e.g. the app's VALUES of a dimension) when
    given and it has the code, else LABELS, else the code itself."""
    index = 0 if language == "ru" else 1
    pair = (values or {}).get(code) or LABELS.get(str(code))
    return pair[index] if pair else str(code)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _group(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def rub(value, language: str = "ru") -> str:
    """Monthly pay as people read it: 52 340 → '52 000 ₽' (to the thousand from 10 000)."""
    if _missing(value):
        return "—"
    step = 1000 if abs(value) >= 10_000 else 100
    return f"{_group(int(round(value / step) * step))}\u00a0₽"


def percent(value, signed: bool = False) -> str:
    """0.184 → '18 %' (signed: '+18 %', '−3 %')."""
    if _missing(value):
        return "—"
    whole = round(value * 100)
    sign = ("+" if whole > 0 else "−" if whole < 0 else "±") if signed else ("−" if whole < 0
                                                                             else "")
    return f"{sign}{abs(whole)}\u00a0%"


def count(value) -> str:
    return "—" if _missing(value) else _group(int(value))


def premium_text(row: dict, language: str = "ru") -> str:
    """'+5 % (90 % интервал −1 … +11 %)', 'не отличимо от нуля (…)' or 'нет данных'."""
    if row.get("verdict") in (None, "none") or _missing(row.get("estimate")):
        return label("verdict.none", language)
    interval = "интервал" if language == "ru" else "interval"
    span = f"{round(row['level'] * 100)}\u00a0% {interval} {percent(row['low'], True)} … " \
        f"{percent(row['high'], True)}"
    head = percent(row["estimate"], True)
    if row["verdict"] == "zero":
        head += f", {label('verdict.zero', language)}"
    return f"{head} ({span})"
