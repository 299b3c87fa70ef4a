-- Vacancies the pay model learns from: pay normalised and not flagged, one row per vacancy
-- (latest state), demo or real data as asked ($synthetic), published before $until.
select
    v.source,
    v.vacancy_id,
    v.published_at,
    v.title,
    v.area_name as region,
    v.pay_mid_rub as pay,
    f.sector,
    f.role_family,
    f.schedule,
    f.shift_pattern,
    f.night_shifts,
    f.work_format,
    f.part_time_hours,
    f.experience,
    f.employment,
    f.languages
from vacancies as v
join vacancy_features as f using (source, vacancy_id)
where v.pay_in_stats
    and v.pay_mid_rub is not null
    and v.is_synthetic = $synthetic
    and v.published_at < coalesce($until, 'infinity'::timestamp)
order by v.published_at, v.source, v.vacancy_id;
