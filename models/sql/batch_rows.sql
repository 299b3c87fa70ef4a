-- Vacancies published on or after $from (any pay, or none), with what the model reads.
select
    v.source,
    v.vacancy_id,
    v.title,
    v.area_name as region,
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
where v.published_at >= $from
order by v.source, v.vacancy_id;
