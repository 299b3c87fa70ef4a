insert into snapshot_files
select
    $snapshot_id, $source, path, sha256, bytes,
    records_read, records_loaded, records_quarantined, records_duplicate
from batch_files;
