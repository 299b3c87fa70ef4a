-- Schema version 4: the dashboard's mart. `dashboard_source` says what the dashboard reads: one
-- row per vacancy with its features, copies of a vacancy on other boards left out (their
-- group's representative stands for them). `dashboard_vacancies` is that view materialised,
-- ordered by publication time, and rebuilt after every load and feature build
-- (pipelines/marts.py): filtered reads then skip three joins over the whole warehouse.
create view dashboard_source as
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
where not coalesce(lk.is_cross_source_duplicate, false);

create table dashboard_vacancies as
select * from dashboard_source order by published_at;
