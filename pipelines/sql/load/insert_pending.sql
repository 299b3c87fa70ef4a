-- The first staging transaction of a snapshot: it is pending until its publishing transaction.
insert into pending_snapshots values ($snapshot_id, $source, $path, $started_at);
