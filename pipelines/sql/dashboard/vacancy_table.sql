-- The filtered vacancies for the explorer table, newest first, at most $limit rows.
select
    title, employer_name, region, pay_from_original, pay_to_original, currency_original,
    gross_original, pay_period_original, pay_mid_rub, pay_flag, schedule, night_shifts,
    work_format, experience, sector, role_family, published_at, url, source, vacancy_id
from filtered
order by published_at desc, source, vacancy_id
limit $limit;
