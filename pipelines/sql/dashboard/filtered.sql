-- The vacancies the dashboard's filters select (pipelines/filters.py binds every parameter;
-- NULL = no restriction). Canonical fields, with the features where they have been built;
-- copies of a vacancy on other boards (vacancy_links) are left out.
select
    v.source,
    v.vacancy_id,
    v.url,
    v.title,
    v.employer_name,
    v.area_name as region,
    v.published_at,
    v.currency_original,
    v.pay_from_original,
    v.pay_to_original,
    v.gross_original,
    v.pay_period_original,
    v.pay_mid_rub,
    v.pay_flag,
    v.pay_in_stats,
    v.is_synthetic,
    f.sector,
    f.role_family,
    f.schedule,
    f.shift_pattern,
    coalesce(f.night_shifts, false) as night_shifts,
    f.work_format,
    f.experience,
    f.employment,
    list_transform(coalesce(f.languages, []), lambda l: l.name) as language_names
from vacancies as v
left join vacancy_features as f using (source, vacancy_id)
left join vacancy_links as lk using (source, vacancy_id)
-- A vacancy posted on several boards counts once: its group's representative stands for it.
where not coalesce(lk.is_cross_source_duplicate, false)
    and ($period_from is null or v.published_at >= $period_from::date)
    and ($period_to is null or v.published_at < $period_to::date + interval 1 day)
    and ($title is null or contains(lower(v.title), $title::varchar))
    and ($role_family is null or list_contains($role_family::varchar[], f.role_family))
    and ($sector is null or list_contains($sector::varchar[], f.sector))
    and ($region is null or list_contains($region::varchar[], v.area_name))
    and ($schedule is null or list_contains($schedule::varchar[], f.schedule))
    and ($work_format is null or list_contains($work_format::varchar[], f.work_format))
    and ($experience is null or list_contains($experience::varchar[], f.experience))
    and ($source is null or list_contains($source::varchar[], v.source))
    and ($night is null or coalesce(f.night_shifts, false) = $night::boolean)
    and ($language is null or list_has_any(
        list_transform(coalesce(f.languages, []), lambda l: l.name), $language::varchar[]
    ))
