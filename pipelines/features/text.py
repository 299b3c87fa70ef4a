"""Phrase tables matched on lemma sequences, and the clause tests around a match (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

# The lemmatiser (lemmatise.py) is re-exported: the extractors read text through this module.
from pipelines.features.lemmatise import BREAK, chunk_lemmas, lemma, lemmas  # noqa: F401

V = TypeVar("V")

NUM = "#"  # in a phrase: any number token («от # час» matches «от 4 часов»)
# Tokens that end a clause: negation, modality and levels never reach across them. Dashes,
# colons and brackets do not end one («Английский — не требуется», «Английский (B2)»).
CLAUSE_ENDS = frozenset({".", ",", ";", "!", "?", "•", "·", "●", "▪", "…", BREAK})


def is_number(token: str) -> bool:
    return token[:1].isdigit() and token.replace(",", "", 1).replace(".", "", 1).isdigit()


def number(token: str) -> float:
    return float(token.replace(",", "."))


class Match(NamedTuple, Generic[V]):
    start: int
    end: int  # exclusive
    value: V


class Phrases(Generic[V]):
    """A table of phrases → values, matched on lemma sequences.

    Phrases are written as ordinary Russian and lemmatised once, when the table is built;
    `find` looks at each token once, so a table costs about the same to scan whatever its
    size. At each position the longest phrase wins, and matches do not overlap, so a longer
    phrase can mask a shorter one («удалённый доступ» over «удалённый»).
    """

    def __init__(self, entries: Iterable[tuple[str, V]]):
        # Each phrase is indexed by its first word that is not a number, and `anchor` says
        # where that word is in the phrase («# через #» by «через» at 1).
        # `plain` says the phrase has no number slot, so a slice comparison (in C) matches it.
        index: dict[str, list[tuple[tuple[str, ...], int, V, bool]]] = {}
        for text, value in entries:
            key = tuple(NUM if t == "#" else t for t in lemmas(text))
            anchor = next((k for k, t in enumerate(key) if t != NUM), None)
            if anchor is None:
                raise ValueError(f"phrase {text!r} needs a word that is not a number")
            index.setdefault(key[anchor], []).append((key, anchor, value, NUM not in key))
        for candidates in index.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self._index = index
        self._anchors = frozenset(index)

    def find(
        self, seq: Sequence[str], positions: Mapping[str, list[int]] | None = None
    ) -> list[Match[V]]:
        """Non-overlapping matches in order of position. `positions` (token → where it stands
        in seq, see `positions_of`) lets several tables share one pass over a long text."""
        # Most tables match nothing in most vacancies: a set intersection (in C) says so
        # without a Python loop over the tokens.
        if positions is not None:
            tokens: Iterable[str] = positions
        elif len(seq) < _INDEX_MIN or type(seq) is not tuple:
            tokens = seq  # short (clause windows, titles): walked, not indexed
        else:
            tokens = tokens_of(seq)
        hits = self._anchors.intersection(tokens)
        if not hits:
            return []
        if positions is not None:
            where: Iterable[int] = sorted(i for token in hits for i in positions[token])
        else:
            where = [i for i, token in enumerate(seq) if token in hits]
        index, found, n, end = self._index, [], len(seq), 0
        whole = seq if isinstance(seq, tuple) else tuple(seq)
        for i in where:
            for key, anchor, value, plain in index[whole[i]]:
                start = i - anchor
                stop = start + len(key)
                if (
                    start >= end
                    and stop <= n
                    and (whole[start:stop] == key if plain else _same(key, whole, start))
                ):
                    found.append(Match(start, stop, value))
                    end = stop
                    break
        return found

    def first(self, seq: Sequence[str]) -> Match[V] | None:
        matches = self.find(seq)
        return matches[0] if matches else None


def positions_of(seq: Sequence[str]) -> dict[str, list[int]]:
    """token → its positions in seq, for `Phrases.find` over many tables."""
    out: dict[str, list[int]] = {}
    for i, token in enumerate(seq):
        where = out.get(token)
        if where is None:
            out[token] = [i]
        else:
            where.append(i)
    return out


# Sequences shorter than this are scanned directly: indexing them costs more than it saves.
_INDEX_MIN = 24


# The distinct tokens of the last few long sequences, by identity: the extractors of one
# vacancy all scan the same tuples (title, body, whole), and a set intersection with a set
# costs the smaller side where one with a tuple walks the whole text, table after table. Each
# entry keeps its tuple alive, so an id is never reused while it is here, and a tuple cannot
# change: the set stays true.
_TOKENS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
_TOKENS_KEPT = 4


def tokens_of(seq: Sequence[str]) -> frozenset[str] | Sequence[str]:
    """The distinct tokens of a long lemma tuple (shared by every scan of it); seq itself for
    a short or mutable one, which is cheaper to walk than to index."""
    if len(seq) < _INDEX_MIN or not isinstance(seq, tuple):
        return seq
    entry = _TOKENS.get(id(seq))
    if entry is None or entry[0] is not seq:
        entry = (seq, frozenset(seq))
        if len(_TOKENS) >= _TOKENS_KEPT:
            try:  # the oldest goes; another thread (the dashboard's) may have taken it first
                del _TOKENS[next(iter(_TOKENS))]
            except (KeyError, RuntimeError, StopIteration):
                pass
        _TOKENS[id(seq)] = entry
    return entry[1]


def _same(key: tuple[str, ...], seq: Sequence[str], at: int) -> bool:
    for offset, want in enumerate(key):
        got = seq[at + offset]
        if want != got and not (want == NUM and is_number(got)):
            return False
    return True


def before(seq: Sequence[str], start: int, limit: int) -> Sequence[str]:
    """Up to `limit` tokens before `start` in the same clause."""
    i = start
    while i > 0 and start - i < limit and seq[i - 1] not in CLAUSE_ENDS:
        i -= 1
    return seq[i:start]


def after(seq: Sequence[str], end: int, limit: int) -> Sequence[str]:
    """Up to `limit` tokens after `end` in the same clause."""
    i, n = end, len(seq)
    while i < n and i - end < limit and seq[i] not in CLAUSE_ENDS:
        i += 1
    return seq[end:i]


# «не» that does not negate what follows: «не только», «не ниже B1», «не менее 2 лет».
_NOT_NEGATING = frozenset({"только", "ниже", "менее", "более", "выше", "позднее", "реже"})
_NEGATED_AFTER = Phrases(
    (phrase, True)
    for phrase in (
        "не требуется",
        "не обязателен",
        "не обязательно",
        "необязательно",
        "необязателен",
        "не нужен",
        "не нужно",
        "не предусмотрены",
        "не предусматривается",
        "не рассматривается",
        "не предполагается",
        "не важен",
        "нет",
        "отсутствует",
        "исключены",
    )
)


def is_negated(seq: Sequence[str], start: int, end: int) -> bool:
    """Whether a cue at seq[start:end] is denied: «без ночных смен», «английский не требуется»,
    «ночных смен нет», «не удалённо»."""
    prior = before(seq, start, 3)
    for i, token in enumerate(prior):
        if token in ("без", "нет"):
            return True
        if token == "не" and (i + 1 == len(prior) or prior[i + 1] not in _NOT_NEGATING):
            return True
    following = after(seq, end, 6)
    return not _NEGATED_AFTER._anchors.isdisjoint(following) and bool(
        _NEGATED_AFTER.find(following)
    )


# «желательно», «будет плюсом», «приветствуется», «является преимуществом», «nice to have».
MODAL = frozenset({"желательно", "желательный", "плюс", "приветствоваться", "преимущество", "plus"})


def is_modal(seq: Sequence[str], start: int, end: int) -> bool:
    """Whether a cue is only nice to have: said in its clause or by the heading it is under."""
    return is_modal_in_clause(seq, start, end) or _under_modal_heading(seq, start)


def is_modal_in_clause(seq: Sequence[str], start: int, end: int) -> bool:
    """Whether the clause of a cue says it is only nice to have (not counting headings)."""
    return bool(
        MODAL.intersection(before(seq, start, 4)) or MODAL.intersection(after(seq, end, 10))
    )


def lines_of(seq: Sequence[str]) -> list[tuple[str, ...]]:
    """The lines of a lemma sequence (split at BREAK), as tuples."""
    seq = seq if isinstance(seq, tuple) else tuple(seq)
    out, begin = [], 0
    try:
        while True:
            stop = seq.index(BREAK, begin)
            out.append(seq[begin:stop])
            begin = stop + 1
    except ValueError:
        out.append(seq[begin:])
    return out


def _under_modal_heading(seq: Sequence[str], start: int) -> bool:
    """A list under a heading such as «Будет плюсом:» or «Желательно:» (a short line ending
    with a colon); the nearest heading above decides."""
    line_end = start
    while line_end > 0 and seq[line_end - 1] != BREAK:
        line_end -= 1
    while line_end > 0:
        stop = line_end - 1  # the BREAK before the line we are in
        begin = stop
        while begin > 0 and seq[begin - 1] != BREAK:
            begin -= 1
        line = seq[begin:stop]
        if line and line[-1] == ":" and len(line) <= 6:
            return bool(MODAL.intersection(line))
        line_end = begin
    return False
