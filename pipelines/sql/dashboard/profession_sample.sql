-- The filtered vacancies as the Profession page, the career ladder and the market brief read
-- them (pipelines/profession.py computes every statistic from these rows): the lists the
-- extractors find in the text (requirements, duties, tools, conditions; codes in
-- docs/features.md), the stated request load, and pay only where it is usable in statistics
-- (monthly gross RUB), else NULL. About $limit rows at most: when there are more, a
-- reproducible sample by the key's hash (a scan, not a sort), $population being how many
-- filtered vacancies there are.
select
    source,
    is_synthetic,
    title,
    employer_name,
    region,
    published_at::date as published,
    role_family,
    sector,
    work_format,
    schedule,
    experience,
    night_shifts,
    list_contains(language_names, 'english') as english,
    case when pay_in_stats then pay_mid_rub end as pay,
    coalesce(requirements, []) as requirements,
    coalesce(duties, []) as duties,
    coalesce(tools, []) as tools,
    coalesce(conditions, []) as conditions,
    load_chats_at_once,
    load_requests_per_shift,
    load_requests_per_hour
from filtered
where hash(source, vacancy_id) % 1000000 < $limit * 1000000::bigint // greatest($population, 1);
