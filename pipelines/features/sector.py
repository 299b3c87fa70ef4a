"""The employer's business: known employers by name, then words in the name, then the
vacancy's own description of the employer; `other` rather than a guess."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib.resources import files

from pipelines.features.records import FIELD, SECTORS, TEXT
from pipelines.features.text import Phrases, after, before, lemmas

EMPLOYERS_FILE = "employers.csv"

# Legal forms say nothing about the business: «ПАО Сбербанк», «ВТБ (ПАО)» → сбербанк, втб.
_LEGAL_FORMS = frozenset(
    "ооо оао зао пао ао нао ип нко ано фгуп гуп муп тоо llc ltd inc jsc pjsc".split()
)
_LEADING = (("группа", "компаний"), ("гк",))
_PUNCTUATION = str.maketrans({ch: " " for ch in "«»\"“”„'`.,()[]{}:;!?/\\|*"})


def employer_key(name: str) -> str:
    """Normalised employer name: lower case, ё → е, no quotes, punctuation or legal forms."""
    words = name.lower().replace("ё", "е").translate(_PUNCTUATION).split()
    words = [w for w in words if w not in _LEGAL_FORMS]
    for lead in _LEADING:
        if tuple(words[: len(lead)]) == lead and len(words) > len(lead):
            words = words[len(lead) :]
    return " ".join(words)


@cache
def known_employers() -> dict[str, str]:
    """employers.csv, read once: normalised name → sector."""
    text = files(__package__).joinpath(EMPLOYERS_FILE).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        name, sector = (row.get("name") or "").strip(), (row.get("sector") or "").strip()
        if not name or sector not in SECTORS:
            raise ValueError(
                f"{EMPLOYERS_FILE} line {line_no}: need a name and a sector from "
                f"{', '.join(SECTORS)}; got {row!r}"
            )
        out[employer_key(name)] = sector
    return out


# Words in an employer's name that say its business («ГБУЗ Городская поликлиника № 3»).
_NAME_CUES = Phrases(
    [(w, "finance") for w in ("банк", "страховой", "страхование", "микрофинансовый", "мфо",
                              "мфк", "мкк", "нпф", "лизинг", "лизинговый", "брокер")]
    + [(w, "ecommerce_retail") for w in ("маркетплейс", "интернет-магазин", "супермаркет",
                                         "гипермаркет", "магазин", "ритейл")]
    + [(w, "it") for w in ("it", "ит", "айти", "софт", "soft", "software", "интегратор")]
    + [(w, "education") for w in ("школа", "университет", "колледж", "лицей", "гимназия",
                                  "техникум", "детский сад", "образовательный", "учебный центр",
                                  "вуз", "edtech")]
    + [(w, "telecom") for w in ("телеком", "telecom", "телекоммуникационный",
                                "телекоммуникации", "оператор связи")]
    + [(w, "logistics") for w in ("логистика", "логистический", "logistics", "грузоперевозки",
                                  "транспортная компания", "курьерский", "экспедиция")]
    + [(w, "manufacturing") for w in ("завод", "фабрика", "комбинат", "производство",
                                      "производственный", "птицефабрика", "агрохолдинг",
                                      "агрофирма", "агрокомплекс", "нефтяной", "нефтегаз",
                                      "шахта", "рудник", "металлургический", "электростанция")]
    + [(w, "healthcare") for w in ("клиника", "больница", "поликлиника", "госпиталь",
                                   "медицинский", "медцентр", "стоматология", "стоматологический",
                                   "аптека", "аптечный", "фармацевтический", "диагностический",
                                   "гбуз", "гауз", "гкуз", "фгбуз", "огбуз", "буз")]
    + [(w, "hospitality") for w in ("ресторан", "кафе", "кофейня", "отель", "гостиница",
                                    "хостел", "фитнес", "салон красоты", "турагентство",
                                    "туроператор", "пиццерия", "кейтеринг", "hotel",
                                    "restaurant")]
    + [(w, "construction_realty") for w in ("строительный", "строительство", "девелопмент",
                                            "девелопер", "застройщик", "недвижимость",
                                            "риелторский", "риэлторский")]
    + [(w, "government") for w in ("администрация", "министерство", "мэрия", "правительство",
                                   "префектура", "управа", "федеральная служба", "прокуратура",
                                   "суд", "департамент", "комитет", "уфнс", "ифнс", "фнс", "мвд",
                                   "уфссп", "социальный фонд")]
    + [(w, "services") for w in ("кадровое агентство", "кадровый центр", "рекрутинговый",
                                 "рекрутинг", "recruitment", "staffing", "аутсорсинг",
                                 "аутсорсинговый", "outsourcing", "консалтинг", "консалтинговый",
                                 "consulting", "клининг", "клининговый", "чоп", "охранный",
                                 "охрана", "юридический", "адвокатский", "коллегия адвокатов",
                                 "бухгалтерский", "аудиторский", "рекламное агентство",
                                 "маркетинговое агентство", "контакт-центр", "колл-центр",
                                 "call-центр")]
)  # fmt: skip
# State schools and institutions by legal form, used when no word above says more.
_STATE_FORMS = Phrases(
    [(w, "education") for w in ("гбоу", "мбоу", "маоу", "мбдоу", "мадоу", "гбдоу", "фгбоу",
                                "фгаоу", "гапоу", "гбпоу", "огбпоу", "мкоу", "мкдоу", "гоу")]
    + [(w, "government") for w in ("гбу", "гку", "мку", "мбу", "мау", "гау", "фку", "фгку",
                                   "фгбу", "огбу", "огку", "кгбу", "кгку", "гкку")]
)  # fmt: skip

# How a vacancy describes its employer («Мы — крупный федеральный банк», «Онлайн-школа
# ищет кураторов»). Only counted in a self-description, never in «опыт работы в банке».
_TEXT_CUES = Phrases(
    [(w, "finance") for w in ("банк", "страховая компания", "микрофинансовая организация",
                              "мфо", "финтех", "fintech", "брокер", "лизинговая компания",
                              "платёжный сервис", "платёжная система")]
    + [(w, "ecommerce_retail") for w in ("маркетплейс", "интернет-магазин", "ритейлер",
                                         "розничная сеть", "сеть магазинов", "торговая сеть",
                                         "сеть супермаркетов", "e-commerce", "онлайн-ритейлер")]
    + [(w, "it") for w in ("it-компания", "ит-компания", "айти-компания", "it-холдинг",
                           "разработчик программного обеспечения", "системный интегратор",
                           "it-интегратор", "saas", "веб-студия", "студия разработки",
                           "игровая студия", "геймдев", "gamedev")]
    + [(w, "education") for w in ("онлайн-школа", "онлайн-университет", "edtech", "эдтех",
                                  "образовательная платформа", "образовательная компания",
                                  "языковая школа", "школа программирования", "учебный центр",
                                  "университет", "колледж")]
    + [(w, "telecom") for w in ("оператор связи", "телеком-оператор", "интернет-провайдер",
                                "провайдер", "мобильный оператор", "сотовый оператор",
                                "телекоммуникационная компания")]
    + [(w, "logistics") for w in ("транспортная компания", "логистическая компания",
                                  "курьерская служба", "служба доставки", "экспедиторская компания",
                                  "логистический оператор", "фулфилмент")]
    + [(w, "manufacturing") for w in ("завод", "производитель", "производственная компания",
                                      "фабрика", "комбинат", "агрохолдинг", "нефтяная компания",
                                      "нефтегазовая компания", "энергетическая компания",
                                      "горнодобывающая компания")]
    + [(w, "healthcare") for w in ("клиника", "медицинский центр", "сеть клиник",
                                   "аптечная сеть", "сеть аптек", "аптека", "стоматология",
                                   "медицинская лаборатория", "фармацевтическая компания",
                                   "больница", "медицинская компания")]
    + [(w, "hospitality") for w in ("ресторан", "сеть ресторанов", "кафе", "кофейня",
                                    "сеть кофеен", "отель", "гостиница", "фитнес-клуб",
                                    "салон красоты", "туроператор", "турагентство",
                                    "туристическая компания", "хостел", "пиццерия")]
    + [(w, "construction_realty") for w in ("застройщик", "девелопер", "девелоперская компания",
                                            "строительная компания", "агентство недвижимости",
                                            "риелторская компания")]
    + [(w, "government") for w in ("государственное учреждение", "государственный орган",
                                   "муниципальное учреждение")]
    + [(w, "services") for w in ("аутсорсинговый контакт-центр", "аутсорсинговая компания",
                                 "кадровое агентство", "рекрутинговое агентство",
                                 "рекрутинговая компания", "маркетинговое агентство",
                                 "рекламное агентство", "консалтинговая компания",
                                 "юридическая компания", "юридическая фирма",
                                 "бухгалтерская компания", "аудиторская компания",
                                 "клининговая компания", "охранное предприятие",
                                 "охранная компания")]
)  # fmt: skip
_SELF = frozenset(lemmas(
    "мы наш являемся крупный крупнейший федеральный ведущий российский международный "
    "известный быстрорастущий стабильный надёжный развивающийся динамично приглашает "
    "приглашаем ищет ищем требуются набирает открывает"
))  # fmt: skip
# Words that make the business someone else's: a client, a partner, past experience.
_OTHERS = frozenset(lemmas(
    "опыт клиент клиентов партнёр заказчик подрядчик агент представитель знание для с "
    "продукт продуктов услуги проект проекта"
))  # fmt: skip


def sector_of(employer_name: str | None, whole: Sequence[str]) -> tuple[str, str | None]:
    """(sector, provenance): 'field' when the employer's name tells it, 'text' when the
    vacancy's description of its employer does; ('other', None) otherwise or on a conflict."""
    if employer_name:
        sector = sector_of_employer(employer_name)
        if sector != "other":
            return sector, FIELD
    found = {m.value for m in _TEXT_CUES.find(whole) if _describes_employer(whole, m.start, m.end)}
    if len(found) == 1:
        return found.pop(), TEXT
    return "other", None


@lru_cache(maxsize=1 << 16)
def sector_of_employer(name: str) -> str:
    """Sector of an employer by name: the longest known name its words start with
    («Ozon Банк» → finance, «Ozon Fresh» → ecommerce_retail), else words in the name."""
    words = employer_key(name).split()
    employers = known_employers()
    for n in range(len(words), 0, -1):
        sector = employers.get(" ".join(words[:n]))
        if sector:
            return sector
    name_lemmas = lemmas(name)
    for table in (_NAME_CUES, _STATE_FORMS):
        found = {m.value for m in table.find(name_lemmas)}
        if found:
            return found.pop() if len(found) == 1 else "other"
    return "other"


def _describes_employer(seq: Sequence[str], start: int, end: int) -> bool:
    prior = before(seq, start, 5)
    if _OTHERS.intersection(prior):
        return False
    return bool(_SELF.intersection(prior) or _SELF.intersection(after(seq, end, 4)))
