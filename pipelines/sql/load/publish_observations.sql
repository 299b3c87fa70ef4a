-- Within one snapshot a vacancy counts once: a detail document beats a search item,
-- then the newest publication, then the first record read. The rest are duplicates.
create or replace temp table stage_ranked as
select
    file,
    record_no,
    row_number() over (
        partition by source, vacancy_id
        order by is_detail desc, published_at desc, file, record_no
    ) = 1 as kept
from stage_observations;

insert into observations by name
select $snapshot_id as snapshot_id, $fetched_at as fetched_at, s.*
from stage_observations as s
semi join (select file, record_no from stage_ranked where kept) as k using (file, record_no);

update raw_records as r
set status = 'duplicate'
from stage_ranked as d
where r.snapshot_id = $snapshot_id
    and not d.kept
    and r.file = d.file
    and r.record_no = d.record_no;
