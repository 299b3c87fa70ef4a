-- Pay in statistics of the offer's role family over the filtered vacancies, with whether each
-- vacancy matches the offer on the constraints the benchmark may relax, its publication date
-- (for the recent window) and the newest publication date of all the filtered vacancies (the
-- window counts back from it; pipelines/comparables.py).
select
    pay_mid_rub,
    published_at,
    (select max(published_at) from filtered) as newest,
    coalesce(work_format = $offer_work_format, false) as same_work_format,
    night_shifts = $offer_night_shifts::boolean as same_night_shifts,
    list_contains(language_names, 'english') = $offer_english::boolean as same_english,
    coalesce(experience = $offer_experience, false) as same_experience
from filtered
where pay_in_stats
    and pay_mid_rub is not null
    and role_family = $offer_role_family;
