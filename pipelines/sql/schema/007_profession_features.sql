-- Schema version 7: the profession as the vacancy describes it (pipelines/features/profession.py,
-- load.py; vocabulary in docs/features.md). Four code lists — empty, never NULL, for a built row —
-- and the request load where the text states it (NULL when it does not). Rows built before this
-- version get empty lists here and are rebuilt by the next feature build (extractor version 3).
alter table vacancy_features add column requirements varchar[] default [];
alter table vacancy_features add column duties varchar[] default [];
alter table vacancy_features add column tools varchar[] default [];
alter table vacancy_features add column conditions varchar[] default [];
alter table vacancy_features add column load_chats_at_once double;
alter table vacancy_features add column load_requests_per_shift double;
alter table vacancy_features add column load_requests_per_hour double;

-- The dashboard's mart (schema 4) carries them too.
create or replace view dashboard_source as
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
    list_transform(coalesce(f.languages, []), lambda l: l.name) as language_names,
    coalesce(f.requirements, []) as requirements,
    coalesce(f.duties, []) as duties,
    coalesce(f.tools, []) as tools,
    coalesce(f.conditions, []) as conditions,
    f.load_chats_at_once,
    f.load_requests_per_shift,
    f.load_requests_per_hour
from vacancies as v
left join vacancy_features as f using (source, vacancy_id)
left join vacancy_links as lk using (source, vacancy_id)
where not coalesce(lk.is_cross_source_duplicate, false);

create or replace table dashboard_vacancies as
select * from dashboard_source order by published_at;
