-- Export of the view `vacancies` (one row per vacancy, latest state) as Parquet partitioned by
-- source and month of (re)publication (UTC, YYYY-MM). export_rows is a temporary view: the
-- warehouse is opened read-only.
create or replace temp view export_rows as
select
    *,
    strftime(published_at, '%Y-%m') as month
from vacancies;

-- $target is a bound parameter: DuckDB (2.0) binds COPY targets, so no path is spliced into SQL.
copy (select * from export_rows) to $target (
    format parquet, partition_by (source, month), compression zstd, overwrite_or_ignore
);
