-- Pay percentiles per value of one dimension ({segment} is a vetted expression from
-- pipelines/queries.py, never user text) over the filtered vacancies with pay in statistics.
-- One quantile_cont over a list of fractions sorts each group once, not five times.
select segment, n, q[1] as p10, q[2] as p25, q[3] as p50, q[4] as p75, q[5] as p90
from (
    select
        segment,
        count(*) as n,
        quantile_cont(pay_mid_rub, [0.1, 0.25, 0.5, 0.75, 0.9]) as q
    from (select {segment} as segment, pay_mid_rub from filtered where pay_in_stats)
    group by segment
) as grouped
order by n desc;
