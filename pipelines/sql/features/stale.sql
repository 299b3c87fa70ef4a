-- Vacancies whose features are missing, were built by another extractor version, or were
-- built from an older state of the vacancy (it has been seen in a newer snapshot since).
-- What the canonical layer does not keep about the employer is read from the vacancy's raw
-- records of its last snapshot: hh's IT accreditation (in JSON, or as Python repr or a
-- flattened column in exports), employer industries, SuperJob's agency type and firm_activity.
-- The joins carry keys only and the rows come unsorted: with whole vacancies in the join's hash
-- table and the sort, 50 000 detail documents of 27 KB ran out of the loads' 1 GB of DuckDB
-- memory instead of spilling; streamed, the read peaks at about 620 MiB (docs/performance.md).
with stale as (
    select v.source, v.vacancy_id, v.last_snapshot_id
    from vacancies as v
    left join vacancy_features as f using (source, vacancy_id)
    where f.vacancy_id is null
        or f.extractor_version <> $extractor_version
        or f.last_snapshot_id <> v.last_snapshot_id
),

employer_raw as (
    select
        r.source,
        r.vacancy_id,
        bool_or(regexp_matches(r.record, '(?i)accredited[a-z_]*\W{1,4}true')) as accredited_it,
        flatten(list(
            case when contains(r.record, 'ndustr') then
                list_concat(
                    json_extract_string(r.record, '$.employer.industries[*].name'),
                    json_extract_string(r.record, '$.industries[*].name'),
                    [
                        json_extract_string(r.record, '$.industry'),
                        json_extract_string(r.record, '$.employer.industry')
                    ]
                )
            end
        )) as industries,
        -- SuperJob: «кадровое агентство» or «прямой работодатель», and the firm's own words.
        max(
            case when r.source = 'superjob' then json_extract_string(r.record, '$.agency.title') end
        ) as agency,
        max(
            case when r.source = 'superjob' then json_extract_string(r.record, '$.firm_activity') end
        ) as about
    from raw_records as r
    join stale as s
        on r.snapshot_id = s.last_snapshot_id
        and r.source = s.source
        and r.vacancy_id = s.vacancy_id
    group by r.source, r.vacancy_id
)

select
    s.source,
    s.vacancy_id,
    s.last_snapshot_id,
    s.title,
    s.employer_name,
    list_distinct(list_filter(
        list_append(e.industries, e.agency), lambda x: coalesce(trim(x), '') <> ''
    )) as employer_industries,
    e.about as employer_about,
    e.accredited_it as employer_accredited_it,
    s.description_text,
    s.snippet_text,
    s.key_skills,
    s.professional_roles,
    s.languages,
    s.schedule,
    s.employment,
    s.experience,
    s.work_format,
    s.shift_pattern,
    s.night_shifts,
    s.hours_per_shift
from vacancies as s
semi join stale as k using (source, vacancy_id)
left join employer_raw as e using (source, vacancy_id);
