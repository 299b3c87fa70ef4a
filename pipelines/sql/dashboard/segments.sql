-- Pay percentiles per value of one dimension ({segment} is a vetted expression from
-- pipelines/queries.py, never user text) over the filtered vacancies with pay in statistics.
select
    segment,
    count(*) as n,
    quantile_cont(pay_mid_rub, 0.1) as p10,
    quantile_cont(pay_mid_rub, 0.25) as p25,
    quantile_cont(pay_mid_rub, 0.5) as p50,
    quantile_cont(pay_mid_rub, 0.75) as p75,
    quantile_cont(pay_mid_rub, 0.9) as p90
from (select {segment} as segment, pay_mid_rub from filtered where pay_in_stats)
group by segment
order by n desc;
