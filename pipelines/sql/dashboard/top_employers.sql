-- The best-paying employers among the filtered vacancies with pay in statistics: median monthly
-- gross pay (and P25, P75) per employer with at least $min_n such vacancies (a median of two
-- postings ranks nothing), highest median first. One quantile_cont over a list of fractions
-- sorts each employer's pay once, not three times.
select employer, n, q[1] as p25, q[2] as median, q[3] as p75
from (
    select
        trim(employer_name) as employer,
        count(*) as n,
        quantile_cont(pay_mid_rub, [0.25, 0.5, 0.75]) as q
    from filtered
    where pay_in_stats and employer_name is not null and trim(employer_name) <> ''
    group by trim(employer_name)
    having count(*) >= $min_n
) as grouped
order by median desc, n desc, employer
limit $limit;
