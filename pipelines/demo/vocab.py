"""Vocabulary of the synthetic hh.ru demo, read once (at import) from the data files beside it.

- hh_dictionaries.toml: labels of hh.ru dictionary ids (experience, schedule, pay mode …);
- areas.csv: the areas vacancies are posted in, their regional pay key and share;
- employers.csv: the demo employers and their sector (every name marked «(демо)»);
- work.toml: ways of working (legacy and 2024+ hh fields, phrases) and sectors (blurbs);
- roles.toml: occupations with their hh role ids, base pay, mixes of patterns and sectors,
  titles, duties, requirements and skills;
- phrases.toml: wording shared by all roles (benefits, pay-mode and English phrases).

The order of rows is part of the demo: draws pick rows by index, so reordering a file changes
the generated snapshots (tests/test_demo.py pins them by hash).
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, fields
from importlib.resources import files


def _text(name: str) -> str:
    return files("pipelines.demo").joinpath(name).read_text(encoding="utf-8")


def _toml(name: str) -> dict:
    try:
        return tomllib.loads(_text(name))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"pipelines/demo/{name}: {e}") from e


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


def _build(cls, file: str, row: dict, **converted):
    """cls(**row) with the lists turned into tuples; a wrong key names the file and the row."""
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(row) - known)
    if unknown:
        raise ValueError(f"pipelines/demo/{file}: {row.get('key')!r} has unknown keys {unknown}; "
                         f"known: {sorted(known)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
    return cls(**{**values, **converted})


_HH = _toml("hh_dictionaries.toml")
EXPERIENCE: tuple[tuple[str, str], ...] = tuple(_HH["experience"].items())
SCHEDULE_NAMES: dict[str, str] = _HH["schedule"]
EMPLOYMENT_NAMES: dict[str, str] = _HH["employment"]
EMPLOYMENT_FORM_NAMES: dict[str, str] = _HH["employment_form"]
WORK_FORMAT_NAMES: dict[str, str] = _HH["work_format"]
BY_DAYS_NAMES: dict[str, str] = _HH["by_days"]
WORKING_HOURS_NAMES: dict[str, str] = _HH["working_hours"]
PAY_MODE_NAMES: dict[str, str] = _HH["pay_mode"]
FREQUENCY_NAMES: dict[str, str] = _HH["frequency"]
LANGUAGE_LEVELS: tuple[tuple[str, str], ...] = tuple(_HH["language_levels"].items())
PROFESSIONAL_ROLE_NAMES: dict[str, str] = _HH["professional_roles"]

# (hh area id, name, regional pay key in DEMO_EFFECTS, share of on-site vacancies)
AREAS: tuple[tuple[str, str, str, float], ...] = tuple(
    (a["id"], a["name"], a["pay_effect_key"], float(a["share"])) for a in _csv("areas.csv")
)
NATIONWIDE_AREA = [a[0] for a in AREAS].index("113")  # «Россия»: only remote vacancies
REMOTE_NATIONWIDE_SHARE = 0.6


@dataclass(frozen=True)
class WorkPattern:
    """One way of working: legacy and 2024+ hh fields plus the phrases that describe it."""

    key: str
    schedule: str
    employment: str
    employment_form: str
    work_format: str
    by_days: str
    hours: str
    phrases: tuple[str, ...]
    night: bool = False
    part_time: bool = False
    internship: bool = False
    fly_in_fly_out: bool = False
    shift_cycle: bool = False  # 2/2 or 3/3: pay may be posted per shift (15.2 shifts/month)


@dataclass(frozen=True)
class Sector:
    key: str
    pay_effect_key: str
    blurbs: tuple[str, ...]  # "{name}" is replaced by the employer's short name


_WORK = _toml("work.toml")
PATTERNS: tuple[WorkPattern, ...] = tuple(
    _build(WorkPattern, "work.toml", p) for p in _WORK["pattern"]
)
PATTERN_INDEX = {p.key: i for i, p in enumerate(PATTERNS)}
SECTORS: tuple[Sector, ...] = tuple(_build(Sector, "work.toml", s) for s in _WORK["sector"])
SECTOR_INDEX = {s.key: i for i, s in enumerate(SECTORS)}

# (name, sector); every name carries the "(демо)" marker so nobody mistakes it for a real company.
EMPLOYERS: tuple[tuple[str, str], ...] = tuple(
    (e["name"], e["sector"]) for e in _csv("employers.csv")
)
EMPLOYER_ID_START = 9_100_001


@dataclass(frozen=True)
class Role:
    """An occupation: its hh role ids, pay base and how its vacancies are usually posted."""

    key: str
    share: float
    hh_roles: tuple[tuple[str, float], ...]
    base_pay_rub: int  # monthly gross, no experience, neutral sector and region
    experience: tuple[float, float, float, float]  # shares of EXPERIENCE levels
    english: float  # share of vacancies asking for English
    patterns: tuple[tuple[str, float], ...]
    sectors: tuple[tuple[str, float], ...]
    titles: tuple[str, ...]
    remote_titles: tuple[str, ...]  # only used when the vacancy is remote
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    skills: tuple[str, ...]


def _mix(
    role: dict, name: str, mixes: dict, known: dict[str, int]
) -> tuple[tuple[str, float], ...]:
    """A role's shares of patterns or sectors: its own table, a named shared mix of roles.toml
    or, for sectors, "even" (every sector alike)."""
    value = role.get(name)
    if value == "even" and name == "sectors":
        return tuple((s.key, 1 / len(SECTORS)) for s in SECTORS)
    if isinstance(value, str):
        if value not in mixes.get(name, {}):
            raise ValueError(f"pipelines/demo/roles.toml: role {role.get('key')!r}: no shared "
                             f"{name} mix {value!r}; known: {sorted(mixes.get(name, {}))}")
        value = mixes[name][value]
    if not isinstance(value, dict) or not value:
        raise ValueError(f"pipelines/demo/roles.toml: role {role.get('key')!r} needs {name}")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValueError(f"pipelines/demo/roles.toml: role {role.get('key')!r}: unknown {name} "
                         f"{unknown}; known: {sorted(known)}")
    return tuple((k, float(v)) for k, v in value.items())


def _roles() -> tuple[Role, ...]:
    data = _toml("roles.toml")
    mixes = data.get("mixes", {})
    out = []
    for role in data["role"]:
        out.append(_build(
            Role, "roles.toml", role,
            hh_roles=tuple((k, float(v)) for k, v in role.get("hh_roles", {}).items()),
            experience=tuple(float(x) for x in role.get("experience", ())),
            patterns=_mix(role, "patterns", mixes, PATTERN_INDEX),
            sectors=_mix(role, "sectors", mixes, SECTOR_INDEX),
        ))
    for role in out:
        if len(role.experience) != len(EXPERIENCE) or not role.hh_roles:
            raise ValueError(f"pipelines/demo/roles.toml: role {role.key!r} needs hh_roles and "
                             f"{len(EXPERIENCE)} experience shares")
        missing = sorted({k for k, _ in role.hh_roles} - set(PROFESSIONAL_ROLE_NAMES))
        if missing:
            raise ValueError(f"pipelines/demo/roles.toml: role {role.key!r}: hh role ids "
                             f"{missing} are not in hh_dictionaries.toml [professional_roles]")
    return tuple(out)


ROLES = _roles()

_PHRASES = _toml("phrases.toml")
BENEFITS: tuple[str, ...] = tuple(_PHRASES["benefits"])
PAY_MODE_PHRASES: dict[str, str] = _PHRASES["pay_mode_phrases"]
# How an English requirement is worded, per level; the text extractor should find all of them.
ENGLISH_PHRASES: dict[str, tuple[str, ...]] = {
    level: tuple(xs) for level, xs in _PHRASES["english"].items()
}
