-- What data a warehouse (or a Parquet export of one) holds: its identity, the kind of its
-- snapshots, its sources and the publication window of its vacancies.
select
    (select min(warehouse_id) from warehouse_identity) as warehouse_id,
    (select count(*) from snapshots where is_synthetic) as synthetic_snapshots,
    (select count(*) from snapshots where not is_synthetic) as real_snapshots,
    (select list(distinct source order by source) from vacancies) as sources,
    (select min(published_at) from vacancies) as published_from,
    (select max(published_at) from vacancies) as published_until;
