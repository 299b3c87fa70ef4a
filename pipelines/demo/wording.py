"""The demo's wording: titles, snippets, HTML descriptions and key skills of a vacancy.

`h` is a vacancy's 31 random bits; different slices of it choose different phrases, so a
vacancy reads the same in every snapshot (cheaper than a random.Random per record).
"""

from __future__ import annotations

from pipelines.demo.vocab import (
    BENEFITS,
    ENGLISH_PHRASES,
    PAY_MODE_PHRASES,
    Role,
    Sector,
    WorkPattern,
)


def _pick(options: tuple[str, ...], k: int, h: int) -> tuple[str, ...]:
    start = h % len(options)
    return (options[start:] + options[:start])[:k]


def title(role: Role, remote: bool, h: int) -> str:
    options = role.titles + role.remote_titles if remote else role.titles
    return options[h % len(options)]


def english_phrase(level: str, h: int) -> str:
    phrases = ENGLISH_PHRASES[level]
    phrase = phrases[h % len(phrases)]
    return phrase[0].upper() + phrase[1:]


def snippet(role: Role, pattern: WorkPattern, english: str | None, h: int) -> dict[str, str]:
    """The two short fragments a search item carries instead of a description."""
    requirement = role.requirements[h // 7 % len(role.requirements)]
    return {
        "requirement": f"{requirement}. {english}." if english else f"{requirement}.",
        "responsibility": f"{role.duties[h // 11 % len(role.duties)]}. "
                          f"{pattern.phrases[h // 13 % len(pattern.phrases)]}.",
    }


def description(role: Role, pattern: WorkPattern, sector: Sector, employer: str,
                english: str | None, pay_mode: str | None, h: int) -> str:
    """hh-style HTML: about the company, duties, requirements, conditions."""
    needs = [*_pick(role.requirements, 3, h >> 6), *([english] if english else [])]
    conditions = [pattern.phrases[(h >> 9) % len(pattern.phrases)]]
    if pay_mode in PAY_MODE_PHRASES:
        conditions.append(PAY_MODE_PHRASES[pay_mode])
    conditions += _pick(BENEFITS, 3, h >> 11)
    about = sector.blurbs[h % len(sector.blurbs)].format(name=employer.removesuffix(" (демо)"))
    return "".join((
        "<p>", about, "</p><p><strong>Чем предстоит заниматься:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in _pick(role.duties, 3 + (h >> 4) % 2, h >> 1)),
        "</ul><p><strong>Что для нас важно:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in needs),
        "</ul><p><strong>Что предлагаем:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in conditions), "</ul>",
    ))


def key_skills(role: Role, h: int) -> tuple[str, ...]:
    return _pick(role.skills, 3 + (h >> 17) % 3, h >> 14)
