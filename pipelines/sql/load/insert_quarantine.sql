insert into quarantine
select $snapshot_id, $source, file, record_no, location, vacancy_id, reason, message, original
from batch_quarantine;
