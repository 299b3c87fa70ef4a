select
    snapshot_id, source, path, fetched_at, fetched_at_basis, is_synthetic, files,
    records_read, records_loaded, records_quarantined, records_duplicate, loaded_at,
    round(load_seconds, 2) as load_seconds
from snapshots
order by snapshot_id desc
limit $limit;
