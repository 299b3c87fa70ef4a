-- Loaded and duplicate records per file of one snapshot.
select
    file,
    count(*) filter (where status = 'loaded') as loaded,
    count(*) filter (where status = 'duplicate') as duplicate
from raw_records
where snapshot_id = $snapshot_id
group by file;
