insert or replace into vacancy_features
select
    source, vacancy_id, sector, role_family, languages, schedule, shift_pattern, night_shifts,
    work_format, part_time_hours, experience, employment,
    map_from_entries(provenance) as provenance,
    $extractor_version as extractor_version,
    last_snapshot_id
from batch_features;
