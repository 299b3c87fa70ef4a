-- The best-paying employers among the filtered vacancies with pay in statistics: median monthly
-- gross pay (and P25, P75) per employer with at least $min_n such vacancies (a median of two
-- postings ranks nothing), highest median first.
select
    trim(employer_name) as employer,
    count(*) as n,
    quantile_cont(pay_mid_rub, 0.25) as p25,
    quantile_cont(pay_mid_rub, 0.5) as median,
    quantile_cont(pay_mid_rub, 0.75) as p75
from filtered
where pay_in_stats and employer_name is not null and trim(employer_name) <> ''
group by trim(employer_name)
having count(*) >= $min_n
order by median desc, n desc, employer
limit $limit;
