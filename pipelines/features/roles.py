"""The job's function (role family): hh.ru professional roles and the title's words, with the
support families told apart by channel (chat, phone, technical), lead and quality control."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.features.records import FIELD, SUPPORT_FAMILIES, TEXT
from pipelines.features.text import Phrases, is_negated, lemmas

# hh.ru professional role ids whose family is certain; other roles go by their names.
ROLE_IDS = {
    "83": "call_centre",  # Оператор call-центра, специалист контактного центра
    "121": "tech_support",  # Специалист технической поддержки
    "96": "software_dev",  # Программист, разработчик
    "70": "sales",  # Менеджер по продажам, менеджер по работе с клиентами
    "40": None,  # Другое: says nothing
}

# Marker kinds. A title is read head first («Разработчик чат-ботов» is a developer, «Оператор
# чата» an operator); kinds other than "family" qualify the head.
SUPPORT, CHAT, CALL, VENUE, TECH = "support", "chat", "call", "venue", "tech"
LEAD, SENIOR, QA, QA_WEAK = "lead", "senior", "qa", "qa_weak"
_SUPPORT_KINDS = frozenset({SUPPORT, CHAT, CALL, VENUE, TECH})


def _family(family: str, *phrases: str) -> list[tuple[str, tuple[str, str | None]]]:
    return [(p, ("family", family)) for p in phrases]


def _marker(kind: str, *phrases: str) -> list[tuple[str, tuple[str, str | None]]]:
    return [(p, (kind, None)) for p in phrases]


_TITLE_CUES = Phrases(
    _marker(SUPPORT, "поддержка", "служба поддержки", "клиентская поддержка", "support",
            "customer support", "customer service", "клиентский сервис", "клиентская служба",
            "служба заботы", "обслуживание клиентов", "клиентское обслуживание",
            "по работе с клиентами", "обработка обращений", "обращения", "оператор",
            "агент поддержки", "агент службы поддержки")
    + _marker(CHAT, "чат", "переписка", "мессенджер", "онлайн-консультант", "текстовый",
              "электронная почта")
    + _marker(CALL, "звонок", "телефон", "телефонный", "обзвон", "телемаркетинг",
              "телемаркетолог", "входящая линия", "исходящая линия", "горячая линия")
    + _marker(VENUE, "колл-центр", "кол-центр", "call-центр", "call center", "call centre",
              "контакт-центр", "контактный центр")
    + _marker(TECH, "техническая поддержка", "техподдержка", "helpdesk", "help desk",
              "service desk", "servicedesk", "сервис деск", "support engineer",
              "инженер поддержки", "инженер технической поддержки", "it-поддержка",
              "ит-поддержка", "technical support", "tech support")
    + _marker(LEAD, "руководитель", "начальник", "директор", "заведующий", "управляющий",
              "head", "тимлид", "team lead", "teamlead", "team leader", "супервайзер",
              "супервизор", "cto", "cio", "ceo", "cfo", "cmo", "coo")
    + _marker(SENIOR, "старший")
    + _marker(QA, "окк", "асессор", "отдел контроля качества", "аудитор качества",
              "контроль качества обслуживания", "контроль качества звонков",
              "контроль качества диалогов", "контроль качества чатов")
    + _marker(QA_WEAK, "контроль качества", "оценка качества", "qa", "качество обслуживания")
    + _family("software_dev", "программист", "разработчик", "разработка", "developer",
              "software engineer", "backend", "frontend", "fullstack", "full stack", "devops",
              "sre", "qa engineer", "qa-инженер", "qa automation", "тестировщик",
              "инженер по тестированию", "тестирование", "data engineer", "инженер данных",
              "ml engineer", "ml-инженер", "верстальщик", "инженер-программист")
    + _family("it_other", "системный администратор", "сисадмин", "аналитик", "data scientist",
              "data analyst", "дизайнер", "ux", "ui", "product manager", "продакт",
              "продакт-менеджер", "менеджер продукта", "project manager", "менеджер проектов",
              "scrum-мастер",
              "администратор баз данных", "dba", "сетевой инженер", "информационная безопасность",
              "технический писатель", "внедрение", "администратор 1с")
    + _family("sales", "продажа", "менеджер по продажам", "sales", "торговый представитель",
              "агент", "риелтор", "риэлтор", "менеджер по работе с клиентами",
              "клиентский менеджер", "аккаунт-менеджер", "account manager", "key account",
              "менеджер по развитию", "кредитный специалист", "кредитный эксперт",
              "медицинский представитель", "продажник", "поддержка продаж")
    + _family("marketing", "маркетолог", "маркетинг", "smm", "контент-менеджер", "копирайтер",
              "pr", "бренд-менеджер", "таргетолог", "seo", "контент", "редактор",
              "email-маркетолог")
    + _family("finance_accounting", "бухгалтер", "бухгалтерия", "экономист", "финансовый аналитик",
              "финансовый менеджер", "финансовый контролёр", "казначей", "аудитор", "финансист")
    + _family("hr", "рекрутер", "рекрутёр", "менеджер по персоналу", "hr", "hr-менеджер",
              "hrbp", "подбор персонала", "менеджер по подбору", "кадровик", "специалист по кадрам",
              "отдел кадров", "персонал", "talent acquisition")
    + _family("admin_office", "офис-менеджер", "ассистент", "секретарь", "помощник руководителя",
              "оператор пк", "оператор ввода данных", "ввод данных", "делопроизводитель",
              "документовед", "архивариус", "администратор", "референт", "оператор 1с",
              "оператор базы данных")
    + _family("logistics_warehouse", "водитель", "курьер", "автокурьер", "кладовщик", "грузчик",
              "комплектовщик", "упаковщик", "сборщик заказов", "логист", "логистика",
              "экспедитор", "работник склада", "сотрудник склада", "складской", "склад",
              "оператор склада", "приёмщик", "доставщик")
    + _family("retail_staff", "продавец", "кассир", "оператор-кассир", "мерчендайзер",
              "товаровед", "работник торгового зала", "сотрудник торгового зала",
              "администратор магазина", "оператор азс")
    + _family("manual_labour", "рабочий", "разнорабочий", "уборщик", "уборщица", "клинер",
              "горничная", "сварщик", "слесарь", "электрик", "электромонтёр", "монтажник",
              "токарь", "фрезеровщик", "оператор станка", "оператор станков", "оператор чпу",
              "оператор производственной линии", "оператор линии", "оператор производства",
              "оператор котельной", "маляр", "штукатур", "плотник", "столяр", "каменщик",
              "бетонщик", "арматурщик", "кровельщик", "сантехник", "механик", "автослесарь",
              "автомеханик", "швея", "сборщик", "машинист", "дворник", "мойщик", "автомойщик",
              "шиномонтажник", "фасовщик", "маркировщик", "наладчик", "стропальщик",
              "тракторист")
    + _family("healthcare_staff", "врач", "медсестра", "медицинская сестра", "медицинский брат",
              "медбрат", "фармацевт", "провизор", "фельдшер", "стоматолог", "терапевт", "педиатр",
              "хирург", "санитар", "санитарка", "акушер")
    + _family("education_staff", "учитель", "преподаватель", "репетитор", "методист", "педагог",
              "воспитатель", "тьютор", "логопед", "дефектолог", "вожатый")
    # Operators of things, not of customers: the head is known and is none of the families.
    + _family("other", "оператор почтовой связи", "оператор связи", "оператор видеонаблюдения",
              "оператор бпла", "оператор дрона", "оператор по приему платежей")
)  # fmt: skip

# Channel evidence in the description and snippet («отвечать в чатах», «входящие звонки»).
_BODY_CUES = Phrases(
    [(w, CHAT) for w in ("чат", "переписка", "мессенджер", "telegram", "whatsapp", "текстовый",
                         "электронная почта", "онлайн-чат")]
    + [(w, CALL) for w in ("звонок", "телефон", "телефонный", "обзвон", "гарнитура",
                           "голос", "звонить")]
    + [(w, TECH) for w in ("техническая поддержка", "техподдержка", "настройка оборудования",
                           "диагностика неисправностей", "helpdesk", "service desk")]
)  # fmt: skip
_NO_ROLE = frozenset(lemmas("другое"))
_LOGISTICIANS = frozenset(lemmas("логист логистика"))


def role_family_of(
    roles: Sequence[tuple[str | None, str | None]] | None,
    title: Sequence[str],
    body: Sequence[str],
) -> tuple[str, str | None]:
    """(role family, provenance) from hh.ru professional roles, the title's and the text's
    lemmas. A support family named by the title wins; otherwise the role field, then the
    title; 'field' when the role field alone gives the same answer."""
    from_field = _family_of_roles(roles)
    from_title = _resolve(title, body, from_field)
    # A support family named by the title, or a head of something on a support role
    # («Руководитель отдела продаж» posted as «Оператор call-центра»), beats the role field.
    if from_title in SUPPORT_FAMILIES or (
        from_title == "management" and from_field in SUPPORT_FAMILIES
    ):
        value = from_title
    else:
        value = from_field or from_title or "other"
    if value == "other" and not from_field and not from_title:
        return value, None
    return value, (FIELD if value == from_field else TEXT)


def is_on_site_job(family: str, title: Sequence[str]) -> bool:
    """Jobs done where the goods or the customers are: shop, warehouse, road, workshop."""
    if family == "logistics_warehouse":
        return not _LOGISTICIANS.intersection(title)
    return family in ("retail_staff", "manual_labour")


def _family_of_roles(roles: Sequence[tuple[str | None, str | None]] | None) -> str | None:
    for role_id, name in roles or ():
        key = str(role_id) if role_id is not None else ""
        if key in ROLE_IDS:
            if ROLE_IDS[key]:
                return ROLE_IDS[key]
            continue
        words = lemmas(name)
        if not words or _NO_ROLE.issuperset(words):
            continue
        family = _resolve(words, (), None)
        if family and family != "other":
            return family
    return None


def _resolve(title: Sequence[str], body: Sequence[str], from_field: str | None) -> str | None:
    """The family a title names (None when it names none); generic support titles
    («Специалист поддержки», «Оператор») take their channel from the text or the role."""
    markers = _TITLE_CUES.find(title)
    kinds = {kind for _, _, (kind, _) in markers}
    support_title = bool(kinds & _SUPPORT_KINDS)
    field_support = from_field in SUPPORT_FAMILIES
    names_function = "family" in kinds
    if QA in kinds or (QA_WEAK in kinds and (support_title or field_support)):
        return "support_qa"
    for _, _, (kind, family) in markers:
        if kind in (LEAD, SENIOR):
            if support_title or (field_support and not names_function):
                return "support_lead"
            if kind == LEAD:
                return "management"
        elif kind == "family":
            return family
        elif kind == QA_WEAK:
            continue
        elif kind in _SUPPORT_KINDS:
            return _support_channel(kinds, body, from_field)
    return None


def _support_channel(kinds: set[str], body: Sequence[str], from_field: str | None) -> str | None:
    if CALL in kinds:  # phone work named in the title, with or without chats
        return "call_centre"
    if CHAT in kinds:
        return "chat_support"
    if TECH in kinds:
        return "tech_support"
    from_body = _channel_in(body)
    if from_body:
        return from_body
    if VENUE in kinds:  # «Оператор call-центра» with nothing about chats is on the phone
        return "call_centre"
    if from_field in ("chat_support", "call_centre", "tech_support"):
        return from_field
    return None


def _channel_in(body: Sequence[str]) -> str | None:
    """Chat or phone, whichever the text says more often («без звонков» counts for chat);
    technical support when it says neither."""
    counts = {CHAT: 0, CALL: 0, TECH: 0}
    for start, end, kind in _BODY_CUES.find(body):
        if is_negated(body, start, end):
            if kind in (CHAT, CALL):
                counts[CALL if kind == CHAT else CHAT] += 1
        else:
            counts[kind] += 1
    if counts[CHAT] != counts[CALL]:
        return "chat_support" if counts[CHAT] > counts[CALL] else "call_centre"
    return "tech_support" if counts[TECH] else None
