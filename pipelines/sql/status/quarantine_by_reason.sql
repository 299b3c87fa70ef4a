-- Quarantined records of published snapshots by reason (not those of a snapshot being staged).
select reason, count(*) as records
from quarantine
where snapshot_id in (select snapshot_id from snapshots)
group by reason
order by records desc, reason;
