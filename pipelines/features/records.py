"""What the feature extractors read (VacancyInput) and what they return (VacancyFeatures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

# The shared vocabulary (docs/features.md): every value a feature may take.
SECTORS = (
    "ecommerce_retail",
    "finance",
    "it",
    "education",
    "telecom",
    "logistics",
    "manufacturing",
    "healthcare",
    "hospitality",
    "construction_realty",
    "government",
    "services",
    "other",
)
SUPPORT_FAMILIES = ("chat_support", "call_centre", "tech_support", "support_lead", "support_qa")
ROLE_FAMILIES = (
    *SUPPORT_FAMILIES,
    "software_dev",
    "it_other",
    "sales",
    "marketing",
    "finance_accounting",
    "hr",
    "admin_office",
    "logistics_warehouse",
    "retail_staff",
    "manual_labour",
    "healthcare_staff",
    "education_staff",
    "management",
    "other",
)
SCHEDULES = ("full_day", "shift", "flexible", "part_time", "project", "rotation")
WORK_FORMATS = ("remote", "hybrid", "on_site")
LEVELS = ("a1", "a2", "b1", "b2", "c1", "c2", "native")
EXPERIENCE = ("noExperience", "between1And3", "between3And6", "moreThan6")
EMPLOYMENT = ("full", "part", "project", "probation", "volunteer")
FIELD, TEXT = "field", "text"  # provenance values
# The features of a vacancy, in VacancyFeatures' order; provenance has one entry for each.
FEATURE_NAMES = (
    "sector",
    "role_family",
    "languages",
    "schedule",
    "shift_pattern",
    "night_shifts",
    "work_format",
    "part_time_hours",
    "experience",
    "employment",
)
# The profession as the vacancy describes it (profession.py, load.py): code lists and the
# request load, without provenance (they come from the text only).
PROFILE_NAMES = ("requirements", "duties", "tools", "conditions", "request_load")


class Language(NamedTuple):
    name: str  # lower-case English: 'english', 'german', ...
    level: str | None  # one of LEVELS, None when not stated
    required: bool  # False when only nice to have («желательно», «будет плюсом»)


@dataclass(frozen=True, slots=True)
class VacancyInput:
    """The canonical fields of one vacancy that the extractors may use."""

    title: str = ""
    employer_name: str | None = None
    # What the source says about the employer (from the raw record, see features/stale.sql):
    # industry or employer-type names (hh employer.industries, SuperJob agency), its own
    # description (SuperJob firm_activity) and hh's IT accreditation flag.
    employer_industries: Sequence[str] | None = None
    employer_about: str | None = None
    employer_accredited_it: bool | None = None
    description_text: str | None = None  # None for search-page records
    snippet_text: str | None = None
    key_skills: Sequence[str] | None = None
    professional_roles: Sequence[tuple[str | None, str | None]] | None = None  # (id, name)
    languages: Sequence[tuple[str, str | None]] | None = None  # (name, level); None = unknown
    schedule: str | None = None  # hh id: fullDay, shift, flexible, remote, flyInFlyOut
    employment: str | None = None  # full, part, project, probation, volunteer
    experience: str | None = None  # hh id: noExperience, between1And3, ...
    work_format: str | None = None  # remote, hybrid, on_site, field_work
    shift_pattern: str | None = None  # '2/2', '5/2', ...
    night_shifts: bool | None = None
    hours_per_shift: float | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> VacancyInput:
        """From a row of the warehouse `vacancies` view (a dict); missing keys are None.

        Roles and languages may be dicts ({id, name}, {name, level}) as DuckDB returns
        structs, or (id, name) / (name, level) pairs as the parser makes them.
        """
        get = row.get
        return cls(
            title=get("title") or "",
            employer_name=get("employer_name"),
            employer_industries=_texts(get("employer_industries")),
            employer_about=get("employer_about"),
            employer_accredited_it=get("employer_accredited_it"),
            description_text=get("description_text"),
            snippet_text=get("snippet_text"),
            key_skills=_texts(get("key_skills")),
            professional_roles=_pairs(get("professional_roles"), "id", "name"),
            languages=_pairs(get("languages"), "name", "level"),
            schedule=get("schedule"),
            employment=get("employment"),
            experience=get("experience"),
            work_format=get("work_format"),
            shift_pattern=get("shift_pattern"),
            night_shifts=get("night_shifts"),
            hours_per_shift=get("hours_per_shift"),
        )


def _texts(items: object) -> tuple[str, ...] | None:
    if items is None:
        return None
    return tuple(s for s in items if isinstance(s, str)) if isinstance(items, list | tuple) else ()


def _pairs(items: object, first: str, second: str) -> tuple[tuple[Any, Any], ...] | None:
    if items is None:
        return None
    out = []
    for item in items if isinstance(items, list | tuple) else ():
        if isinstance(item, Mapping):
            out.append((item.get(first), item.get(second)))
        elif isinstance(item, tuple | list) and len(item) == 2:
            out.append((item[0], item[1]))
    return tuple(out)


class RequestLoad(NamedTuple):
    """The load a vacancy states (load.py); None where it does not."""

    chats_at_once: float | None = None
    requests_per_shift: float | None = None  # a day counts as a shift
    requests_per_hour: float | None = None


@dataclass(frozen=True, slots=True)
class VacancyFeatures:
    """The features of one vacancy in the shared vocabulary (see docs/features.md)."""

    sector: str = "other"
    role_family: str = "other"
    languages: tuple[Language, ...] = ()
    schedule: str | None = None
    shift_pattern: str | None = None
    night_shifts: bool = False
    work_format: str | None = None
    part_time_hours: float | None = None
    experience: str | None = None
    employment: str | None = None
    requirements: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    request_load: RequestLoad = RequestLoad()
    # field name → 'field' (a structured field said it: schedule, roles, employer name, ...),
    # 'text' (title, description, snippet or key skills said it), or None (null or default).
    provenance: Mapping[str, str | None] | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: languages as objects, provenance as a dict."""
        return {
            "sector": self.sector,
            "role_family": self.role_family,
            "languages": [lang._asdict() for lang in self.languages],
            "schedule": self.schedule,
            "shift_pattern": self.shift_pattern,
            "night_shifts": self.night_shifts,
            "work_format": self.work_format,
            "part_time_hours": self.part_time_hours,
            "experience": self.experience,
            "employment": self.employment,
            "requirements": list(self.requirements),
            "duties": list(self.duties),
            "tools": list(self.tools),
            "conditions": list(self.conditions),
            "request_load": self.request_load._asdict(),
            "provenance": dict(self.provenance or {}),
        }


def describe(features: VacancyFeatures) -> str:
    """Human-readable lines, one per feature, each with where its value came from."""
    provenance = features.provenance or {}
    languages = ", ".join(
        f"{lang.name} {lang.level or '(level not stated)'}"
        f"{'' if lang.required else ' (nice to have)'}"
        for lang in features.languages
    )
    load = ", ".join(f"{k} {v:g}" for k, v in features.request_load._asdict().items() if v)
    values = {
        **features.as_dict(),
        "languages": languages or "none",
        **{name: ", ".join(getattr(features, name)) or "none" for name in PROFILE_NAMES[:4]},
        "request_load": load or "not stated",
    }
    lines = []
    for name, value in values.items():
        if name == "provenance":
            continue
        source = provenance.get(name)
        shown = "—" if value is None else str(value).lower() if isinstance(value, bool) else value
        lines.append(f"{name + ':':<17}{shown}" + (f"  (from {source})" if source else ""))
    return "\n".join(lines)
