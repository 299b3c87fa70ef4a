-- Export of the table `quarantine` (rejected records with their reason), partitioned by source;
-- not those of a snapshot being staged (pending_snapshots).
create or replace temp view export_rows as
select * from quarantine
where snapshot_id not in (select snapshot_id from pending_snapshots);

-- $target is a bound parameter: DuckDB (2.0) binds COPY targets, so no path is spliced into SQL.
copy (select * from export_rows) to $target (
    format parquet, partition_by (source), compression zstd, overwrite_or_ignore
);
