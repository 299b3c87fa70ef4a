-- A vacancy's new features replace its old row: delete, then a plain insert, in the caller's
-- transaction. `insert or replace` did the same at twice the cost for new rows and four times
-- for rows that existed (DuckDB resolves each conflicting key one by one).
delete from vacancy_features as f
using batch_features as b
where f.source = b.source and f.vacancy_id = b.vacancy_id;

insert into vacancy_features (
    source, vacancy_id, sector, role_family, languages, schedule, shift_pattern, night_shifts,
    work_format, part_time_hours, experience, employment, provenance, extractor_version,
    last_snapshot_id, requirements, duties, tools, conditions, load_chats_at_once,
    load_requests_per_shift, load_requests_per_hour
)
select
    source, vacancy_id, sector, role_family, languages, schedule, shift_pattern, night_shifts,
    work_format, part_time_hours, experience, employment,
    map_from_entries(provenance) as provenance,
    $extractor_version as extractor_version,
    last_snapshot_id,
    requirements, duties, tools, conditions,
    load_chats_at_once, load_requests_per_shift, load_requests_per_hour
from batch_features;
