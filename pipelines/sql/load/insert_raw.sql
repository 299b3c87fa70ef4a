insert into raw_records
select $snapshot_id, $source, file, record_no, location, vacancy_id, 'loaded', record
from batch_raw;
