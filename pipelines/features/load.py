"""The request load a vacancy states: chats handled at once and requests per shift or per hour
(«3–5 чатов одновременно», «до 120 обращений за смену», «около 15 звонков в час»). Numbers only
where the text gives them; a range counts as its middle; a day is read as a shift."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipelines.features.records import RequestLoad
from pipelines.features.text import CLAUSE_ENDS, number, tokens_of
from pipelines.features.text import is_number as _is_numeral

# What a support job counts: the lemmas of chats, dialogues, requests, calls, tickets.
_CHATS = frozenset({"чат", "диалог", "переписка", "окно", "chat"})
_REQUESTS = frozenset(
    {"обращение", "запрос", "звонок", "вызов", "заявка", "тикет", "контакт", "сообщение", "клиент"}
)
_NOUNS = _CHATS | _REQUESTS
_AT_ONCE = frozenset({"одновременно", "параллельно", "единовременно", "сразу"})
_SHIFT = frozenset({"смена", "день", "сутки"})
_HOUR = frozenset({"час"})
_PER = frozenset({"в", "за", "/", "per"})
_RANGE_WORDS = frozenset({"до", "от", "около", "порядка", "примерно", "~", "—", "–", "-", "по"})
# Plausible bounds: outside them the number is pay, a date or a typo, not a load.
_BOUNDS = {"chats_at_once": (1, 30), "requests_per_shift": (5, 2000), "requests_per_hour": (1, 300)}


def is_number(token: str) -> bool:
    return token.isascii() and _is_numeral(token)  # «²» is a digit to str.isdigit


def request_load_of(whole: Sequence[str]) -> RequestLoad:
    """The load stated in a lemma sequence; None for what it does not state."""
    found: dict[str, float] = {}
    tokens = tokens_of(whole)
    if not _NOUNS.intersection(tokens):  # most vacancies count nothing: no loop over the tokens
        return RequestLoad()
    numbers = {t for t in tokens if t[:1].isdigit() and is_number(t)}
    if not numbers:
        return RequestLoad()
    i = 0  # the first token not yet read
    for start in [k for k, token in enumerate(whole) if token in numbers]:
        if start >= i:  # else read as part of the run before
            i = max(read_run(whole, start, numbers.__contains__, found), start + 1)
    return RequestLoad(**found)


def read_run(
    whole: Sequence[str], start: int, numeric: Callable[[str], bool], found: dict[str, float]
) -> int:
    """Read the numbers from `start` on (joined by range words: «3–5», «от 80 до 120») and put
    the load they state into `found` unless it holds that kind already; the end of the run."""
    values = []
    j, n = start, len(whole)
    while j < n and (numeric(whole[j]) or (whole[j] in _RANGE_WORDS and values)):
        if numeric(whole[j]):
            values.append(number(whole[j]))
        j += 1
    kind = _kind(whole, start, j)
    if kind and kind not in found:
        value = sum(values) / len(values)
        low, high = _BOUNDS[kind]
        if low <= value <= high:
            found[kind] = value
    return j


def _kind(seq: Sequence[str], start: int, end: int) -> str | None:
    """What the numbers at seq[start:end] count: a noun right after them, then a unit."""
    noun_at = next(
        (k for k in range(end, min(end + 3, len(seq))) if seq[k] in _NOUNS), None
    )
    if noun_at is None:
        return None
    tail = _clause(seq, noun_at + 1, 5)
    head = _clause_before(seq, start, 3)
    if seq[noun_at] in _CHATS and (_AT_ONCE.intersection(tail) or _AT_ONCE.intersection(head)):
        return "chats_at_once"
    for k, token in enumerate(tail[:-1]):
        if token in _PER and tail[k + 1] in _HOUR:
            return "requests_per_hour"
        if token in _PER and tail[k + 1] in _SHIFT:
            return "requests_per_shift"
    return None


def _clause(seq: Sequence[str], start: int, limit: int) -> Sequence[str]:
    stop = start
    while stop < len(seq) and stop - start < limit and seq[stop] not in CLAUSE_ENDS:
        stop += 1
    return seq[start:stop]


def _clause_before(seq: Sequence[str], end: int, limit: int) -> Sequence[str]:
    start = end
    while start > 0 and end - start < limit and seq[start - 1] not in CLAUSE_ENDS:
        start -= 1
    return seq[start:end]
