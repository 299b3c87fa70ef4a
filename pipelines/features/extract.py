"""One vacancy → its features in the shared vocabulary: structured fields first, text second."""

from __future__ import annotations

from pipelines.features.languages import languages_of
from pipelines.features.load import request_load_of
from pipelines.features.profession import profile_of
from pipelines.features.records import VacancyFeatures, VacancyInput
from pipelines.features.roles import is_on_site_job, role_family_of
from pipelines.features.schedule import (
    night_shifts_of,
    part_time_hours_of,
    schedule_of,
    shift_pattern_of,
)
from pipelines.features.sector import sector_of
from pipelines.features.terms import employment_of, experience_of
from pipelines.features.text import BREAK, lemmas
from pipelines.features.work_format import work_format_of


def extract_features(v: VacancyInput) -> VacancyFeatures:
    """All features of one vacancy, each with where it came from (see docs/features.md)."""
    title = lemmas(v.title)
    body = _body_lemmas(v)
    whole = (*title, BREAK, *body) if body else title
    sector, sector_from = sector_of(v, title, whole)
    role_family, role_from = role_family_of(v.professional_roles, title, body)
    languages, languages_from = languages_of(v.languages, title, whole)
    schedule, schedule_from = schedule_of(v.schedule, v.employment, whole)
    shift_pattern, pattern_from = shift_pattern_of(v.shift_pattern, whole)
    night_shifts, night_from = night_shifts_of(v.night_shifts, whole)
    on_site_job = role_from if is_on_site_job(role_family, title) else None
    work_format, format_from = work_format_of(v.work_format, v.schedule, whole, on_site_job)
    part_time_hours, hours_from = part_time_hours_of(v.hours_per_shift, whole)
    experience, experience_from = experience_of(v.experience, whole)
    employment, employment_from = employment_of(v.employment, title, whole)
    profile = profile_of(whole, schedule, experience, experience_from)
    return VacancyFeatures(
        sector=sector,
        role_family=role_family,
        languages=languages,
        schedule=schedule,
        shift_pattern=shift_pattern,
        night_shifts=night_shifts,
        work_format=work_format,
        part_time_hours=part_time_hours,
        experience=experience,
        employment=employment,
        requirements=profile.requirements,
        duties=profile.duties,
        tools=profile.tools,
        conditions=profile.conditions,
        request_load=request_load_of(whole),
        provenance={
            "sector": sector_from,
            "role_family": role_from,
            "languages": languages_from,
            "schedule": schedule_from,
            "shift_pattern": pattern_from,
            "night_shifts": night_from,
            "work_format": format_from,
            "part_time_hours": hours_from,
            "experience": experience_from,
            "employment": employment_from,
        },
    )


def _body_lemmas(v: VacancyInput) -> tuple[str, ...]:
    """Snippet, description and key skills as one lemma sequence, parts split by BREAK."""
    out: list[str] = []
    for text in (v.snippet_text, v.description_text, *(v.key_skills or ())):
        words = lemmas(text)
        if words:
            if out:
                out.append(BREAK)
            out.extend(words)
    return tuple(out)
