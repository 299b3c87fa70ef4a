-- The filtered vacancies as the Profession page, the career ladder and the market brief read
-- them (pipelines/profession.py computes every statistic from these rows): the lists the
-- extractors find in the text (requirements, duties, tools, conditions; codes in
-- docs/features.md), the stated request load, and pay only where it is usable in statistics
-- (monthly gross RUB), else NULL; `described`: the vacancy has text beyond its title (description,
-- snippet or key skills) — the lists can only be read there, so their shares count only these
-- (many CSV exports carry titles alone). About $limit rows at most: when there are more, a
-- reproducible sample by the key's hash (a scan, not a sort), $population being how many
-- filtered vacancies there are ({sample_key}: as in pay_sample.sql).
select
    f.source,
    f.is_synthetic,
    f.title,
    f.employer_name,
    f.region,
    f.published_at::date as published,
    f.role_family,
    f.sector,
    f.work_format,
    f.schedule,
    f.experience,
    f.night_shifts,
    list_contains(f.language_names, 'english') as english,
    case when f.pay_in_stats then f.pay_mid_rub end as pay,
    coalesce(f.requirements, []) as requirements,
    coalesce(f.duties, []) as duties,
    coalesce(f.tools, []) as tools,
    coalesce(f.conditions, []) as conditions,
    f.load_chats_at_once,
    f.load_requests_per_shift,
    f.load_requests_per_hour,
    coalesce(length(v.description_text), 0) + coalesce(length(v.snippet_text), 0)
        + coalesce(len(v.key_skills), 0) > 0 as described
from filtered as f
left join vacancies as v on v.source = f.source and v.vacancy_id = f.vacancy_id
where {sample_key} < $limit * 1000000::bigint // greatest($population, 1);
