insert or replace into vacancy_features (
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
