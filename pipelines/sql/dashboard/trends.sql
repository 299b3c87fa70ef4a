-- Pay and counts per period ($grain: 'week' or 'month') of the filtered vacancies.
select
    date_trunc($grain, published_at)::date as period,
    count(*) as vacancies,
    count(*) filter (where pay_in_stats) as with_pay,
    count(*) filter (where pay_in_stats) / count(*) as share_with_pay,
    quantile_cont(pay_mid_rub, 0.25) filter (where pay_in_stats) as p25,
    quantile_cont(pay_mid_rub, 0.5) filter (where pay_in_stats) as p50,
    quantile_cont(pay_mid_rub, 0.75) filter (where pay_in_stats) as p75
from filtered
group by all
order by period;
