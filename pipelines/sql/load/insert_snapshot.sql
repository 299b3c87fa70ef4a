insert into snapshots (
    snapshot_id, source, path, sha256, fetched_at, fetched_at_basis, is_synthetic, files,
    records_read, records_loaded, records_quarantined, records_duplicate,
    loaded_at, load_seconds, manifest, payscope_version
)
values (
    $snapshot_id, $source, $path, $sha256, $fetched_at, $fetched_at_basis, $is_synthetic, $files,
    $records_read, $records_loaded, $records_quarantined, $records_duplicate,
    $loaded_at, $load_seconds, $manifest, $payscope_version
);

-- Published: no longer pending (its staged rows become visible to readers with this commit).
delete from pending_snapshots where snapshot_id = $snapshot_id;
