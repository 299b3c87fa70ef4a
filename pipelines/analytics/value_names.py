"""Stored values (role families, sectors, schedules, …) as people read them, in Russian and
English (pure data). The dashboard (app_pages/_i18n.py), the CLI and the brief all name values
from this one table, so it sits below them all.
"""

from __future__ import annotations

LANGUAGES = ("ru", "en")

# Stored values → what people read.
VALUES = {
    "role_family": {
        "chat_support": ("оператор чата", "chat-support operator"),
        "call_centre": ("оператор колл-центра", "call-centre operator"),
        "tech_support": ("техподдержка", "technical support"),
        "support_lead": ("руководитель поддержки", "support team lead"),
        "support_qa": ("контроль качества поддержки", "support QA"),
        "software_dev": ("разработка ПО", "software development"),
        "it_other": ("ИТ (прочее)", "IT (other)"),
        "sales": ("продажи", "sales"),
        "marketing": ("маркетинг", "marketing"),
        "finance_accounting": ("финансы и учёт", "finance & accounting"),
        "hr": ("HR", "HR"),
        "admin_office": ("офис и администрирование", "office & admin"),
        "logistics_warehouse": ("логистика и склад", "logistics & warehouse"),
        "retail_staff": ("торговый зал", "retail staff"),
        "manual_labour": ("рабочие профессии", "manual labour"),
        "healthcare_staff": ("медицина", "healthcare"),
        "education_staff": ("образование", "education"),
        "management": ("руководители", "management"),
        "other": ("другое", "other"),
    },
    "sector": {
        "ecommerce_retail": ("e-commerce и розница", "e-commerce & retail"),
        "finance": ("финансы и банки", "finance & banking"),
        "it": ("ИТ и стартапы", "IT & startups"),
        "education": ("образование", "education"),
        "telecom": ("телеком", "telecom"),
        "logistics": ("логистика", "logistics"),
        "manufacturing": ("производство", "manufacturing"),
        "healthcare": ("медицина", "healthcare"),
        "hospitality": ("HoReCa и туризм", "hospitality"),
        "construction_realty": ("стройка и недвижимость", "construction & realty"),
        "government": ("госсектор", "government"),
        "services": ("услуги", "services"),
        "other": ("другое", "other"),
    },
    "schedule": {
        "full_day": ("полный день", "full day"),
        "shift": ("сменный", "shifts"),
        "flexible": ("гибкий", "flexible"),
        "part_time": ("неполный день", "part-time"),
        "project": ("проектная работа", "project work"),
        "rotation": ("вахта", "rotation"),
    },
    "work_format": {
        "remote": ("удалённо", "remote"),
        "hybrid": ("гибрид", "hybrid"),
        "on_site": ("в офисе / на месте", "on site"),
    },
    "experience": {
        "noExperience": ("без опыта", "no experience"),
        "between1And3": ("1–3 года", "1–3 years"),
        "between3And6": ("3–6 лет", "3–6 years"),
        "moreThan6": ("более 6 лет", "6+ years"),
    },
    "language": {
        "none": ("без иностранного", "none"),
        "english": ("английский", "English"),
        "german": ("немецкий", "German"),
        "french": ("французский", "French"),
        "chinese": ("китайский", "Chinese"),
        "spanish": ("испанский", "Spanish"),
        "italian": ("итальянский", "Italian"),
        "turkish": ("турецкий", "Turkish"),
        "arabic": ("арабский", "Arabic"),
        "japanese": ("японский", "Japanese"),
        "korean": ("корейский", "Korean"),
    },
    "night_shifts": {
        "night": ("с ночными сменами", "with night shifts"),
        "no_night": ("без ночных смен", "no night shifts"),
    },
    "any": {"unknown": ("не указано", "not stated")},
}


def value_name(dimension: str, value: object, language: str) -> str:
    """A stored value as people read it in `language` ('ru' or 'en'); the value itself when
    there is no name for it."""
    if value is None or value != value:  # None or NaN
        value = "unknown"
    labels = VALUES.get(dimension, {}).get(value) or VALUES["any"].get(value)
    if labels is None and dimension == "language":
        labels = _language_label(str(value))
    return labels[LANGUAGES.index(language)] if labels else str(value)


def _language_label(code: str) -> tuple[str, str] | None:
    """Any language the features know (pipelines/features/languages.py), beyond VALUES."""
    from pipelines.features.languages import RUSSIAN_NAMES

    russian = RUSSIAN_NAMES.get(code)
    return (russian, code.capitalize()) if russian else None
