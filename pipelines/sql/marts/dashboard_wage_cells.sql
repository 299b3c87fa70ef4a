-- The wage-index cells (dashboard/wage_index_cells.sql) of the views that depend on no filter
-- but the pay basis and one source, computed once per warehouse state where the mart is built
-- (pipelines/marts.py, the same transaction): the offer benchmark's wage factors of the whole
-- warehouse or one source, and the Trends page's index before any filter is set. Per (net,
-- source — NULL: every source —, step, period, role family × region): n, the median and the
-- quartiles of log pay, over the same rows and with the same aggregates as the query the
-- dashboard runs otherwise, so the figures are the same. mart_rows: the mart's row count when
-- built; readers use these cells only while it still matches (pipelines/analytics/queries.py).
create or replace table dashboard_wage_cells as
select
    net, source, step, period, role_family, region, n, median,
    log_q[1] as log_q25, log_q[2] as log_q75,
    (select count(*) from dashboard_vacancies) as mart_rows
from (
    select
        basis.net,
        pay.source,
        steps.step,
        date_trunc(steps.step, pay.published_at)::date as period,
        pay.role_family,
        pay.region,
        count(*) as n,
        median(pay.pay) as median,
        quantile_cont(ln(pay.pay), [0.25, 0.75]) as log_q
    from (values (false), (true)) as basis (net)
    cross join (select unnest(['month', 'quarter', 'year']) as step) as steps
    cross join lateral (
        select
            source, published_at, role_family, region,
            case when basis.net then pay_mid_net_rub else pay_mid_rub end as pay
        from dashboard_vacancies
        where pay_in_stats and published_at is not null
    ) as pay
    where pay.pay > 0
    group by grouping sets (
        (basis.net, pay.source, steps.step, period, pay.role_family, pay.region),
        (basis.net, steps.step, period, pay.role_family, pay.region)
    )
) as cells
order by net, source, step, period, role_family, region;
