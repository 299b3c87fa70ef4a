insert into raw_records
-- Records arrive as text: their JSON as it stood in the file, when it could be cut out.
select $snapshot_id, $source, file, record_no, location, vacancy_id, 'loaded', record
from batch_raw;
