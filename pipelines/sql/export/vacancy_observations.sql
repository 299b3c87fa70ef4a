-- Export of the view `vacancy_observations` (one row per vacancy per snapshot) partitioned by
-- source and month of publication, as the vacancies are, so one month's folders hold both.
create or replace temp view export_rows as
select
    *,
    strftime(published_at, '%Y-%m') as month
from vacancy_observations;

-- $target is a bound parameter: DuckDB (2.0) binds COPY targets, so no path is spliced into SQL.
copy (select * from export_rows) to $target (
    format parquet, partition_by (source, month), compression zstd, overwrite_or_ignore
);
