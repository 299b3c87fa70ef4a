"""Foreign-language requirements: hh.ru's structured list first, else the vacancy text."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.features.records import FIELD, LEVELS, TEXT, Language
from pipelines.features.text import Phrases, after, before, is_modal, is_negated

_NAMES = {
    "russian": ("русский", "russian"),
    "english": ("английский", "англ", "english"),
    "german": ("немецкий", "german", "deutsch"),
    "french": ("французский", "french"),
    "spanish": ("испанский", "spanish"),
    "italian": ("итальянский", "italian"),
    "portuguese": ("португальский", "portuguese"),
    "chinese": ("китайский", "chinese", "mandarin"),
    "japanese": ("японский", "japanese"),
    "korean": ("корейский", "korean"),
    "arabic": ("арабский", "arabic"),
    "turkish": ("турецкий", "turkish"),
    "polish": ("польский", "polish"),
    "czech": ("чешский", "czech"),
    "finnish": ("финский", "finnish"),
    "swedish": ("шведский", "swedish"),
    "dutch": ("нидерландский", "голландский", "dutch"),
    "hebrew": ("иврит", "hebrew"),
    "hindi": ("хинди", "hindi"),
    "greek": ("греческий", "greek"),
    "vietnamese": ("вьетнамский", "vietnamese"),
    "thai": ("тайский", "thai"),
    "persian": ("персидский", "фарси", "persian", "farsi"),
    "kazakh": ("казахский", "kazakh"),
    "uzbek": ("узбекский", "uzbek"),
    "tatar": ("татарский",),
    "armenian": ("армянский",),
    "georgian": ("грузинский",),
    "azerbaijani": ("азербайджанский",),
    "ukrainian": ("украинский",),
    "belarusian": ("белорусский",),
    "serbian": ("сербский",),
    "romanian": ("румынский",),
    "hungarian": ("венгерский",),
    "bulgarian": ("болгарский",),
    "kyrgyz": ("киргизский", "кыргызский"),
    "tajik": ("таджикский",),
    "mongolian": ("монгольский",),
    "indonesian": ("индонезийский",),
}
# Each language's Russian name (the first cue), for labels in the Russian UI.
RUSSIAN_NAMES = {name: words[0] for name, words in _NAMES.items()} | {"russian": "русский"}
_LANGUAGE_CUES = Phrases((word, name) for name, words in _NAMES.items() for word in words)
_LATIN_CUES = frozenset(w for words in _NAMES.values() for w in words if w.isascii())

# Levels as the vocabulary defines them; hh.ru's own Russian labels («B2 — Средне-продвинутый»,
# «C2 — В совершенстве») map the same way.
_LEVELS = Phrases(
    [(level, level) for level in LEVELS if level != "native"]
    + [
        ("beginner", "a1"),
        ("elementary", "a1"),
        ("начальный", "a1"),
        ("pre-intermediate", "a2"),
        ("intermediate", "b1"),
        ("разговорный", "b1"),
        ("средний", "b1"),
        ("upper-intermediate", "b2"),
        ("upper", "b2"),
        ("выше среднего", "b2"),
        ("средне-продвинутый", "b2"),
        ("advanced", "c1"),
        ("fluent", "c1"),
        ("свободный", "c1"),
        ("свободно", "c1"),
        ("продвинутый", "c1"),
        ("proficiency", "c2"),
        ("proficient", "c2"),
        ("в совершенстве", "c2"),
        ("native", "native"),
        ("родной", "native"),
        ("носитель", "native"),
    ]
)

# Russian is the default on this market, so it is listed only as a foreign language: with a
# learner's level (A1–B2), or next to a language of a neighbouring country, where Russian is the
# second language of a vacancy abroad («знание казахского и русского языков»).
_LEARNER_LEVELS = frozenset({"a1", "a2", "b1", "b2"})
_NEIGHBOURS = frozenset(
    {"kazakh", "uzbek", "kyrgyz", "tajik", "armenian", "azerbaijani", "georgian", "belarusian"}
)

# A language adjective is a language only next to these: «немецкий автомобиль» is not.
_LANGUAGE_WORDS = frozenset({"язык", "яз"})
_KNOWLEDGE = frozenset({"знание", "владение", "уровень", "знать", "владеть", "говорить"})
# Mentions that are a benefit or a business, not a requirement: «курсы английского за счёт
# компании», «онлайн-школа английского».
_NOT_A_REQUIREMENT = frozenset({"школа", "курс", "обучение", "изучение", "урок", "занятие", "клуб"})


def languages_of(
    field: Sequence[tuple[str, str | None]] | None, title: Sequence[str], whole: Sequence[str]
) -> tuple[tuple[Language, ...], str | None]:
    """(languages, provenance) from hh.ru's `languages` and the lemmas of the vacancy text.

    A non-empty structured list wins and counts as required; otherwise every language the
    text names and does not deny, with its level and whether it is only nice to have.
    """
    from_field = _from_field(field)
    if from_field:
        return from_field, FIELD
    from_text = _from_text(title, whole)
    return from_text, (TEXT if from_text else None)


def _from_field(field: Sequence[tuple[str, str | None]] | None) -> tuple[Language, ...]:
    out: dict[str, Language] = {}
    for name, level in field or ():
        if not name:
            continue
        name = name.strip().lower()
        level = level.lower() if isinstance(level, str) else None
        level = "native" if level == "l1" else (level if level in LEVELS else None)
        out.setdefault(name, Language(name, level, True))
    return _without_default_russian(tuple(out.values()))


def _from_text(title: Sequence[str], whole: Sequence[str]) -> tuple[Language, ...]:
    found: dict[str, list[tuple[str | None, bool]]] = {}
    matches = _LANGUAGE_CUES.find(whole)
    for k, (start, end, name) in enumerate(matches):
        # A denied mention adds nothing; the same language asked for elsewhere is still kept.
        if not _is_language(whole, start, end, start < len(title)) or is_negated(whole, start, end):
            continue
        previous = matches[k - 1].end if k else 0
        following = matches[k + 1].start if k + 1 < len(matches) else len(whole)
        level = _level(whole, start, end, previous, following)
        found.setdefault(name, []).append((level, not is_modal(whole, start, end)))
    out = []
    for name, mentions in found.items():
        required = any(req for _, req in mentions)
        levels = [lvl for lvl, req in mentions if lvl and req == required]
        out.append(Language(name, levels[0] if levels else None, required))
    return _without_default_russian(tuple(out))


def _without_default_russian(languages: tuple[Language, ...]) -> tuple[Language, ...]:
    if any(lang.name in _NEIGHBOURS for lang in languages):
        return languages
    return tuple(
        lang
        for lang in languages
        if lang.name not in ("russian", "русский") or lang.level in _LEARNER_LEVELS
    )


def _is_language(seq: Sequence[str], start: int, end: int, in_title: bool) -> bool:
    if _NOT_A_REQUIREMENT.intersection(before(seq, start, 3)):
        return False
    if seq[start] in _LATIN_CUES:
        return True
    following = after(seq, end, 4)
    if _LANGUAGE_WORDS.intersection(following[:3]):
        return True
    prior = before(seq, start, 3)
    if _KNOWLEDGE.intersection(prior) or (in_title and prior and prior[-1] == "с"):
        return True
    # «английский B2», «свободный английский», «английский — желательно», «… не требуется»
    return bool(
        _LEVELS.find(following) or _LEVELS.find(prior[-1:]) or is_negated(seq, start, end)
    ) or is_modal(seq, start, end)


def _level(seq: Sequence[str], start: int, end: int, previous: int, following: int) -> str | None:
    """The first level stated after the language in its clause (up to the next language),
    else one right before it («свободный английский»)."""
    match = _LEVELS.first(after(seq, end, 10)[: max(0, following - end)])
    if match is None:
        match = _LEVELS.first(before(seq, start, min(3, start - previous)))
    return match.value if match else None
