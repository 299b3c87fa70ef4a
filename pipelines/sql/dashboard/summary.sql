-- Headline counts of the filtered vacancies.
select
    count(*) as vacancies,
    count(*) filter (where pay_in_stats) as with_pay,
    quantile_cont(pay_mid_rub, 0.5) filter (where pay_in_stats) as median_pay,
    count(distinct employer_name) as employers,
    min(published_at) as first_published,
    max(published_at) as last_published
from filtered;
