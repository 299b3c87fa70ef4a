-- The staged rows of unfinished (pending) snapshots, and their pending rows: one transaction.
-- snapshot_files is written only at publish; deleted too, should a pending id ever have some.
delete from raw_records where list_contains($snapshot_ids, snapshot_id);

delete from quarantine where list_contains($snapshot_ids, snapshot_id);

delete from observations where list_contains($snapshot_ids, snapshot_id);

delete from snapshot_files where list_contains($snapshot_ids, snapshot_id);

delete from pending_snapshots where list_contains($snapshot_ids, snapshot_id);
