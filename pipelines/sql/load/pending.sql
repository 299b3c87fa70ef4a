-- Snapshots staged but not published: a load still running, or one that was killed.
select snapshot_id, source, path, started_at
from pending_snapshots
order by snapshot_id;
