"""The employer's business: what the source says about the employer first (known name,
industries, words in the name), then how the vacancy describes its employer, then weaker
hints (IT accreditation, a place in the title, a job that exists in one business only);
`other` rather than a guess. The vocabularies are data files: employers.csv, sector_cues.csv."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib.resources import files

from pipelines.features.records import FIELD, SECTORS, TEXT, VacancyInput
from pipelines.features.text import Phrases, after, before, lemmas

EMPLOYERS_FILE = "employers.csv"
CUES_FILE = "sector_cues.csv"
# name: words in an employer's name; stem: parts of its words; state_form: ГБУЗ, МБОУ, …;
# name_weak: words that count only when no other does; it_unit: words that make a listed brand's
# company its IT company; not_a_name: job words that make an «employer name» a job title;
# text / about: the vacancy's or the employer's own description; industry: industry names;
# title: a place of work in the title; job: sector-bound jobs.
CUE_KINDS = (
    "name",
    "stem",
    "state_form",
    "name_weak",
    "it_unit",
    "not_a_name",
    "text",
    "about",
    "industry",
    "title",
    "job",
)

# Legal forms say nothing about the business: «ПАО Сбербанк», «ВТБ (ПАО)» → сбербанк, втб.
_LEGAL_FORMS = frozenset(
    "ооо оао зао пао ао нао ип нко ано фгуп гуп муп тоо llc ltd inc jsc pjsc".split()
)
_LEADING = (("группа", "компаний"), ("гк",))
_PUNCTUATION = str.maketrans({ch: " " for ch in "«»\"“”„'`.,()[]{}:;!?/\\|*"})
_DASHES = frozenset("-–—")
_LOOK_ALIKES = str.maketrans("aceopxyk", "асеорхук")


def employer_key(name: str) -> str:
    """Normalised employer name: lower case, ё → е, no quotes, punctuation or legal forms."""
    words = name.lower().replace("ё", "е").translate(_PUNCTUATION).split()
    words = [w for w in words if w not in _LEGAL_FORMS]
    for lead in _LEADING:
        if tuple(words[: len(lead)]) == lead and len(words) > len(lead):
            words = words[len(lead) :]
    return " ".join(words)


def _lookup_words(name: str) -> list[str]:
    """employer_key's words without lone dashes («Ростелеком - ЦОД»), Latin look-alike letters
    in Cyrillic words made Cyrillic («Ренессанс cтрахование» typed with a Latin c)."""
    return [_cyrillic(w) for w in employer_key(name).split() if w not in _DASHES]


def _cyrillic(word: str) -> str:
    if word.isascii() or not any("a" <= ch <= "z" for ch in word):
        return word
    return word.translate(_LOOK_ALIKES)


def _rows(file: str, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    text = files(__package__).joinpath(file).read_text(encoding="utf-8")
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield line_no, {c: (row.get(c) or "").strip() for c in columns}


@cache
def _employer_tables() -> tuple[dict[str, str], dict[str, str]]:
    """employers.csv, read once: (names matched as a prefix, names matched whole) → sector.

    Short brand names that are also common words («Точка», «Астра») are marked `exact`, so
    that «Точка роста» is not taken for the bank.
    """
    prefix: dict[str, str] = {}
    exact: dict[str, str] = {}
    for line_no, row in _rows(EMPLOYERS_FILE, ("name", "sector", "match")):
        if not row["name"] or row["sector"] not in SECTORS or row["match"] not in ("", "exact"):
            raise ValueError(
                f"{EMPLOYERS_FILE} line {line_no}: need a name, a sector from "
                f"{', '.join(SECTORS)} and an empty or 'exact' match; got {row!r}"
            )
        (exact if row["match"] else prefix)[" ".join(_lookup_words(row["name"]))] = row["sector"]
    return prefix, exact


def known_employers() -> dict[str, str]:
    """Every normalised name in employers.csv → sector."""
    prefix, exact = _employer_tables()
    return {**prefix, **exact}


@cache
def _cue_rows(kind: str) -> tuple[tuple[str, str], ...]:
    out = []
    for line_no, row in _rows(CUES_FILE, ("kind", "phrase", "sector")):
        if row["kind"] not in CUE_KINDS or not row["phrase"] or row["sector"] not in SECTORS:
            raise ValueError(
                f"{CUES_FILE} line {line_no}: need a kind from {', '.join(CUE_KINDS)}, a "
                f"phrase and a sector from {', '.join(SECTORS)}; got {row!r}"
            )
        if row["kind"] == kind:
            out.append((row["phrase"], row["sector"]))
    return tuple(out)


@cache
def cues(kind: str) -> Phrases[str]:
    """One table of sector_cues.csv (see CUE_KINDS), read once, as lemma phrases."""
    return Phrases(_cue_rows(kind))


def _stem_sectors(words: Sequence[str]) -> set[str]:
    """Sectors of the `stem` cues the name's words fit: «*строй» = ends with строй («Нордстрой»),
    «агро*» = starts with агро, «*софт*» = contains софт («Линсофтверпродакшн»)."""
    found = set()
    for pattern, sector in _cue_rows("stem"):
        core = pattern.strip("*")
        if pattern.startswith("*") and pattern.endswith("*"):
            fits = any(core in w for w in words)
        elif pattern.startswith("*"):
            fits = any(w.endswith(core) for w in words)
        else:
            fits = any(w.startswith(core) for w in words)
        if fits:
            found.add(sector)
    return found


_SELF = frozenset(lemmas(
    "мы наш являемся крупный крупнейший федеральный ведущий российский международный "
    "известный быстрорастущий стабильный надёжный развивающийся динамично приглашает "
    "приглашаем ищет ищем требуются набирает открывает"
))  # fmt: skip
# Words that make the business someone else's: a client, a partner, past experience.
_OTHERS = frozenset(lemmas(
    "опыт клиент клиентов партнёр заказчик подрядчик агент представитель знание для с "
    "продукт продуктов услуги проект проекта разработка создание"
))  # fmt: skip
# «… в магазин», «… на АЗС»: the title names the place of work.
_PLACE = frozenset(("в", "во", "на"))


def sector_of(
    v: VacancyInput, title: Sequence[str], whole: Sequence[str]
) -> tuple[str, str | None]:
    """(sector, provenance): 'field' when the record's own fields tell it (employer name,
    industries, accreditation, professional role), 'text' when the vacancy's text does;
    ('other', None) when nothing does or two answers of the same strength disagree."""
    employer = v.employer_name if v.employer_name and is_employer_name(v.employer_name) else None
    if employer:
        sector = known_employer_sector(employer)
        if sector:
            return sector, FIELD
    sector = industries_sector(v.employer_industries or ())
    if sector:
        return sector, FIELD
    if employer:
        sector = sector_of_employer(employer)
        if sector != "other":
            return sector, FIELD
    if v.employer_about:
        sector = _one({m.value for m in cues("about").find(lemmas(v.employer_about))})
        if sector:
            return sector, TEXT
    text_cues = cues("text").find(whole)
    found = {m.value for m in text_cues if _describes_employer(whole, m.start, m.end)}
    if found:
        return (found.pop(), TEXT) if len(found) == 1 else ("other", None)
    if v.employer_accredited_it:
        return "it", FIELD
    sector = _one({m.value for m in cues("title").find(title) if _names_place(title, m.start)})
    if sector:
        return sector, TEXT
    # A job that exists in one business: in a professional role (field) or the title (text).
    roles = [lemmas(name) for _, name in v.professional_roles or () if name]
    sector = _one({m.value for words in roles for m in cues("job").find(words)})
    if sector:
        return sector, FIELD
    sector = _one({m.value for m in cues("job").find(title)})
    if sector:
        return sector, TEXT
    return "other", None


@lru_cache(maxsize=1 << 16)
def known_employer_sector(name: str) -> str | None:
    """The sector employers.csv gives the name, or the part before or inside brackets
    («Профи (profi.ru)», «CyberBrain (ООО Брайнфарм)»); see _listed_sector."""
    for part in (name, *name.replace(")", "(").split("(")):
        sector = _listed_sector(_lookup_words(part))
        if sector:
            return sector
    return None


def _listed_sector(words: list[str]) -> str | None:
    """Whole-name entries, then the longest listed name the words start with («Ozon Банк» →
    finance, «Ozon Fresh» → e-commerce). A listed brand followed by IT words is the brand's IT
    company («X5 Tech», «Ростелеком Информационные Технологии») → it."""
    prefix, exact = _employer_tables()
    sector = exact.get(" ".join(words))
    if sector:
        return sector
    for n in range(len(words), 0, -1):
        sector = prefix.get(" ".join(words[:n]))
        if sector:
            rest = lemmas(" ".join(words[n:]))
            return "it" if rest and cues("it_unit").find(rest) else sector
    return None


@lru_cache(maxsize=1 << 16)
def sector_of_employer(name: str) -> str:
    """Sector of an employer by name: employers.csv, else words in the name («ГБУЗ Городская
    поликлиника» → healthcare), else its state legal form; two sectors in one name → other."""
    sector = known_employer_sector(name)
    if sector:
        return sector
    words = _lookup_words(name)
    name_lemmas = lemmas(" ".join(words))
    parts = [p for w in words for p in w.split("-") if p]
    for found in (
        {m.value for m in cues("name").find(name_lemmas)},
        _stem_sectors(parts),
        {m.value for m in cues("state_form").find(name_lemmas)},
        {m.value for m in cues("name_weak").find(name_lemmas)},
    ):
        if found:
            return found.pop() if len(found) == 1 else "other"
    return "other"


@lru_cache(maxsize=1 << 16)
def is_employer_name(name: str) -> bool:
    """False for a job title where an export put the employer («IT-специалист», «Frontend
    developer (офис)»: the search a file was saved under); a legal form always makes it a name."""
    words = name.lower().translate(_PUNCTUATION).split()
    if _LEGAL_FORMS.intersection(words):
        return True
    return not cues("not_a_name").find(lemmas(name))


def industries_sector(industries: Sequence[str]) -> str | None:
    """The sector most of the employer's industries name («Розничная торговля», …); on a tie
    the first industry's; None when no industry maps to a sector."""
    votes: Counter[str] = Counter()
    first = None
    for industry in industries:
        sector = _one({m.value for m in cues("industry").find(lemmas(industry))})
        if sector:
            votes[sector] += 1
            first = first or sector
    if not votes:
        return None
    (top, n), *rest = votes.most_common()
    return first if rest and rest[0][1] == n else top


def _one(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


def _describes_employer(seq: Sequence[str], start: int, end: int) -> bool:
    prior = before(seq, start, 5)
    if _OTHERS.intersection(prior):
        return False
    return bool(_SELF.intersection(prior) or _SELF.intersection(after(seq, end, 4)))


def _names_place(title: Sequence[str], start: int) -> bool:
    return start > 0 and title[start - 1] in _PLACE
