-- Within one snapshot a vacancy counts once: a detail document beats a search item,
-- then the newest publication, then the first record read. The rest are duplicates.
create or replace temp table snapshot_duplicates as
select file, record_no
from (
    select
        file,
        record_no,
        row_number() over (
            partition by source, vacancy_id
            order by is_detail desc, published_at desc, file, record_no
        ) as rank
    from observations
    where snapshot_id = $snapshot_id
)
where rank > 1;

delete from observations as o
using snapshot_duplicates as d
where o.snapshot_id = $snapshot_id and o.file = d.file and o.record_no = d.record_no;

update raw_records as r
set status = 'duplicate'
from snapshot_duplicates as d
where r.snapshot_id = $snapshot_id and r.file = d.file and r.record_no = d.record_no;
