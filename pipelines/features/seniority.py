"""How senior a job is, from its title: an ordinal scale the pay model reads (pure).

Pay climbs steeply with seniority (a «Главный специалист» earns several times a «Специалист»),
and titles say it in a few words. The scale is ordered, so a tree can split it anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.features.text import Phrases, lemmas

INTERN, JUNIOR, MIDDLE, SENIOR, LEAD, HEAD, DIRECTOR = range(7)

_CUES = Phrases(
    [(w, INTERN) for w in ("стажер", "стажировка", "intern", "internship", "trainee", "ученик",
                           "практикант")]
    + [(w, JUNIOR) for w in ("junior", "младший", "начинающий", "jr")]
    + [(w, MIDDLE) for w in ("middle",)]
    + [(w, SENIOR) for w in ("senior", "старший", "ведущий", "sr")]
    + [(w, LEAD) for w in ("главный", "lead", "тимлид", "teamlead", "team lead", "principal",
                           "architect", "архитектор", "эксперт", "супервайзер", "супервизор")]
    + [(w, HEAD) for w in ("руководитель", "начальник", "head", "заведующий", "управляющий")]
    + [(w, DIRECTOR) for w in ("директор", "director", "cto", "ceo", "cfo", "cio", "coo", "cmo",
                               "вице-президент", "vice president", "vp")]
    # Working for a head is not being one: the longer phrase masks «руководитель».
    + [(w, None) for w in ("помощник руководителя", "ассистент руководителя",
                           "секретарь руководителя", "помощник директора",
                           "ассистент директора", "секретарь директора")]
    # A deputy is one level below the one deputised for.
    + [(w, LEAD) for w in ("заместитель руководителя", "заместитель начальника")]
    + [(w, HEAD) for w in ("заместитель директора",)]
)  # fmt: skip


def seniority_of(title: str | Sequence[str] | None) -> int | None:
    """The highest level the title names (0 intern … 6 director), None when it names none.

    Takes the title text or its lemmas.
    """
    words = lemmas(title) if isinstance(title, str) or title is None else title
    levels = [match.value for match in _CUES.find(words) if match.value is not None]
    return max(levels) if levels else None
