"""Russian vacancy text → lemma sequences (pure, memoised per chunk, line and word)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

BREAK = "\n"  # a line break, kept in lemma sequences as a clause end
# Level letters as people type them, Cyrillic look-alikes included («В2» with a Cyrillic В).
_LEVEL_LETTERS = {"a": "a", "b": "b", "c": "c", "а": "a", "в": "b", "с": "c"}
_TIMES_SIGNS = {"x", "х", "×", "*"}  # «2х2» = 2/2
# Case endings written after numerals: «4-х часов», «5-ти дней», «4х».
_NUMERAL_ENDINGS = {"х", "ти", "ми", "и", "ех", "ух", "ой", "го", "й", "м", "ью", "ем"}
_NUMBER_WORDS = {
    "один": "1",
    "два": "2",
    "двое": "2",
    "три": "3",
    "трое": "3",
    "четыре": "4",
    "четверо": "4",
    "пять": "5",
    "шесть": "6",
    "семь": "7",
    "восемь": "8",
}


@cache
def _morph():
    """The pymorphy3 analyzer: built once (≈0.2 s, ~15 MB of dictionaries) on first use."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _razdel_tokenize() -> Callable:
    from razdel import tokenize

    return tokenize


def _has_cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" or ch == "ё" for ch in word)


@lru_cache(maxsize=1 << 17)
def lemma(word: str) -> str:
    """Dictionary form of one lower-case word, ё spelt е; non-Cyrillic words as they are."""
    if not _has_cyrillic(word):
        return word
    try:
        normal = _morph().parse(word)[0].normal_form.replace("ё", "е")
    except ValueError:
        # pymorphy3 asks unicodedata.name() of every letter, which raises for letters Python's
        # Unicode tables leave unnamed (e.g. Tangut ideographs): such a word stays as written.
        return word
    return _NUMBER_WORDS.get(normal, normal)


@lru_cache(maxsize=1 << 18)
def chunk_lemmas(chunk: str) -> tuple[str, ...]:
    """Lemmas of one whitespace-free chunk of text, memoised.

    razdel never joins tokens across whitespace, so tokenising chunk by chunk gives the same
    tokens as the whole text, and the few thousand distinct chunks of vacancy text are each
    analysed once per process. Hyphenated words are split into their parts
    («колл-центра» → колл, центр), so phrases are written once for both spellings.
    """
    parts: list[str] = []
    for token in _razdel_tokenize()(chunk.lower()):
        text = token.text
        if len(text) > 1 and ("-" in text or "–" in text):  # «B1–B2» as well as «колл-центр»
            parts.extend(p for p in text.replace("–", "-").split("-") if p)
        else:
            parts.append(text)
    out: list[str] = []
    i, n = 0, len(parts)
    while i < n:
        part = parts[i]
        following = parts[i + 1] if i + 1 < n else ""
        if part in _LEVEL_LETTERS and following in ("1", "2"):  # razdel splits «B2» in two
            out.append(_LEVEL_LETTERS[part] + following)
            i += 2
        elif part.isdigit():
            if following in _TIMES_SIGNS and i + 2 < n and parts[i + 2].isdigit():
                out.append(f"{part}/{parts[i + 2]}")
                i += 3
            else:
                out.append(part)
                i += 2 if following in _NUMERAL_ENDINGS else 1
        else:
            out.append(lemma(part))
            i += 1
    return tuple(out)


def lemmas(text: str | None) -> tuple[str, ...]:
    """Lemma sequence of a text, with BREAK between its lines; () for None or blank text."""
    if not text:
        return ()
    out: list[str] = []
    for line in text.splitlines():
        if not line or line.isspace():  # no chunks; a line of chunks without words («--»)
            continue  # still counts as a line below
        if out:
            out.append(BREAK)
        out.extend(_line_lemmas(line) if len(line) <= _LINE_MEMO_CHARS else _lemmas_of_line(line))
    return tuple(out)


# Vacancy texts repeat whole lines (templates, «Обязанности:», the same benefits list), so
# short lines are memoised whole; long ones would only fill the cache.
_LINE_MEMO_CHARS = 300


@lru_cache(maxsize=1 << 15)
def _line_lemmas(line: str) -> tuple[str, ...]:
    return _lemmas_of_line(line)


def _lemmas_of_line(line: str) -> tuple[str, ...]:
    out: list[str] = []
    for chunk in line.split():
        out.extend(chunk_lemmas(chunk))
    return tuple(out)
