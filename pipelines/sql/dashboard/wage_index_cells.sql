-- Pay per (step, period, role family × region cell) of the filtered vacancies with pay in
-- statistics, for the composition-fixed wage index (pipelines/wage_index.index_from_cells):
-- n, the median and the quartiles of log pay, at every step the index may choose ($steps;
-- NULL: month, quarter and year). The Trends page asks for the one step it draws. (A body
-- after queries.py's `with filtered as (…)`: subqueries, not a second with.)
select step, period, role_family, region, n, median, log_q[1] as log_q25, log_q[2] as log_q75
from (
    select
        steps.step,
        date_trunc(steps.step, pay.published_at)::date as period,
        pay.role_family,
        pay.region,
        count(*) as n,
        median(pay.pay_mid_rub) as median,
        quantile_cont(ln(pay.pay_mid_rub), [0.25, 0.75]) as log_q
    from filtered as pay
    cross join (
        select unnest(coalesce($steps::varchar[], ['month', 'quarter', 'year'])) as step
    ) as steps
    where pay.pay_in_stats
        and pay.pay_mid_rub > 0
        and pay.published_at is not null
    group by all
) as cells
order by step, period;
