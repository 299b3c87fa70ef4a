-- Pay and counts per period ($grain: 'week', 'month' or 'quarter') of the filtered vacancies;
-- periods without vacancies have no row (pipelines/time_steps.with_gaps puts the gaps back).
-- One quantile_cont over a list of fractions sorts each period once.
select
    period, vacancies, with_pay, with_pay / vacancies as share_with_pay,
    q[1] as p25, q[2] as p50, q[3] as p75
from (
    select
        date_trunc($grain, published_at)::date as period,
        count(*) as vacancies,
        count(*) filter (where pay_in_stats) as with_pay,
        quantile_cont(pay_mid_rub, [0.25, 0.5, 0.75]) filter (where pay_in_stats) as q
    from filtered
    group by all
) as grouped
order by period;
