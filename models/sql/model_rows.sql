-- Vacancies with what the model reads: one row per vacancy (latest state) and its features.
-- $with_pay keeps only pay that counts in statistics (training); $synthetic picks demo or real
-- data (NULL: both); published in [$from, $until) when those are given. Training leaves out
-- vacancies whose date is only the snapshot's (CSV exports without one: published_estimated):
-- the model learns and is calibrated in time order, and a pile of rows on one made-up day
-- would become a test or calibration slice of its own.
select
    v.source,
    v.vacancy_id,
    v.published_at,
    v.title,
    v.area_name as region,
    v.pay_mid_rub as pay,
    v.currency_original as currency,
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
join vacancy_current as c using (source, vacancy_id)
where (not $with_pay or (v.pay_in_stats and v.pay_mid_rub is not null
                         and not coalesce(c.published_estimated, false)))
    and ($synthetic is null or v.is_synthetic = $synthetic)
    and v.published_at >= coalesce($from, '-infinity'::timestamp)
    and v.published_at < coalesce($until, 'infinity'::timestamp)
order by v.published_at, v.source, v.vacancy_id;
