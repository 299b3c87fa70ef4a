-- Vacancies whose features are missing, were built by another extractor version, or were
-- built from an older state of the vacancy (it has been seen in a newer snapshot since).
select
    v.source,
    v.vacancy_id,
    v.last_snapshot_id,
    v.title,
    v.employer_name,
    v.description_text,
    v.snippet_text,
    v.key_skills,
    v.professional_roles,
    v.languages,
    v.schedule,
    v.employment,
    v.experience,
    v.work_format,
    v.shift_pattern,
    v.night_shifts,
    v.hours_per_shift
from vacancies as v
left join vacancy_features as f using (source, vacancy_id)
where f.vacancy_id is null
    or f.extractor_version <> $extractor_version
    or f.last_snapshot_id <> v.last_snapshot_id
order by v.source, v.vacancy_id;
