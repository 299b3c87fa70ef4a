-- Quarantined records by reason, but those of a snapshot being staged ($pending).
select reason, count(*) as records
from quarantine
where snapshot_id not in (select unnest($pending::integer[]))
group by reason
order by records desc, reason;
