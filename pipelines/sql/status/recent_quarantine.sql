select message
from quarantine
where list_contains($snapshot_ids, snapshot_id)
order by snapshot_id, file, record_no;
