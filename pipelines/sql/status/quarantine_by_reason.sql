-- Quarantined records by reason, but those of a snapshot being staged (pending_snapshots).
select reason, count(*) as records
from quarantine
where snapshot_id not in (select snapshot_id from pending_snapshots)
group by reason
order by records desc, reason;
