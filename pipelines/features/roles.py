"""The job's function (role family): hh.ru professional roles and the title's words, with the
support families told apart by channel (chat, phone, technical), lead and quality control."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from pipelines.features.records import FIELD, ROLE_FAMILIES, SUPPORT_FAMILIES, TEXT
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


CUES_FILE = "role_cues.toml"
_MARKER_KINDS = frozenset({SUPPORT, CHAT, CALL, VENUE, TECH, LEAD, SENIOR, QA, QA_WEAK})


@cache
def _title_cues() -> Phrases:
    """role_cues.toml, read once: title phrases → ("family", family) or (marker kind, None)."""
    text = files(__package__).joinpath(CUES_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    markers, families = data.get("markers", {}), data.get("families", {})
    wrong = sorted(set(markers) - _MARKER_KINDS) + sorted(set(families) - set(ROLE_FAMILIES))
    if wrong:
        raise ValueError(f"{CUES_FILE}: unknown marker kinds or role families {wrong}; markers: "
                         f"{sorted(_MARKER_KINDS)}, families: pipelines/features/records.py")
    return Phrases(
        [(p, (kind, None)) for kind, phrases in markers.items() for p in phrases]
        + [(p, ("family", family)) for family, phrases in families.items() for p in phrases]
    )

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
    markers = _title_cues().find(title)
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
