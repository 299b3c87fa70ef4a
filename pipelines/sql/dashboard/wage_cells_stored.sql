-- The precomputed wage-index cells (marts/dashboard_wage_cells.sql) of one pay basis ($net)
-- and one source ($source; NULL: every source) at $steps (NULL: month, quarter and year), in
-- the columns of dashboard/wage_index_cells.sql — none while the mart has changed since they
-- were built (an older PayScope rebuilt it), so the caller computes them instead.
select step, period, role_family, region, n, median, log_q25, log_q75
from dashboard_wage_cells
where net = coalesce($net::boolean, false)
    and source is not distinct from $source::varchar
    and list_contains(coalesce($steps::varchar[], ['month', 'quarter', 'year']), step)
    and mart_rows = (select count(*) from dashboard_vacancies)
order by step, period, role_family, region;
