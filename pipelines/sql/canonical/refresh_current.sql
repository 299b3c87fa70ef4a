-- Rebuild the latest state of every vacancy the snapshot $snapshot_id touched.
-- Latest = the newest publication of the vacancy; for the same publication a detail
-- document beats a search item; then the newest fetch. Fields only detail documents
-- carry (description, key skills, languages) come from the newest detail document.
-- Vacancies seen for the first time (not yet in vacancy_current) take their one
-- observation as it is; only those with history are ranked.
create or replace temp table refresh_seen_before as
select c.source, c.vacancy_id
from vacancy_current as c
semi join (select source, vacancy_id from observations where snapshot_id = $snapshot_id) as t
    using (source, vacancy_id);

delete from vacancy_current as c
using refresh_seen_before as t
where c.source = t.source and c.vacancy_id = t.vacancy_id;

insert into vacancy_current by name
select
    o.* exclude (snapshot_id, is_detail, file, record_no),
    s.fetched_at as first_seen,
    s.fetched_at as last_seen,
    1 as snapshot_count,
    o.snapshot_id as last_snapshot_id
from observations as o
anti join refresh_seen_before as t on t.source = o.source and t.vacancy_id = o.vacancy_id
join snapshots as s on s.snapshot_id = o.snapshot_id
where o.snapshot_id = $snapshot_id;

insert into vacancy_current by name
with history as (
    select o.*, s.fetched_at
    from observations as o
    semi join refresh_seen_before as t using (source, vacancy_id)
    join snapshots as s using (snapshot_id)
),

ranked as (
    select
        *,
        row_number() over (
            partition by source, vacancy_id
            order by published_at desc, is_detail desc, fetched_at desc, snapshot_id desc
        ) as recency
    from history
),

seen as (
    select
        source,
        vacancy_id,
        min(fetched_at) as first_seen,
        max(fetched_at) as last_seen,
        count(distinct fetched_at)::integer as snapshot_count,
        max(snapshot_id) as last_snapshot_id
    from history
    group by source, vacancy_id
),

latest_detail as (
    select source, vacancy_id, description_text, key_skills, languages
    from history
    where is_detail
    qualify row_number() over (
        partition by source, vacancy_id order by published_at desc, fetched_at desc, snapshot_id desc
    ) = 1
),

final as (
    select
        r.* exclude (snapshot_id, fetched_at, is_detail, file, record_no, recency,
                     description_text, key_skills, languages),
        coalesce(r.description_text, d.description_text) as description_text,
        coalesce(r.key_skills, d.key_skills) as key_skills,
        coalesce(r.languages, d.languages) as languages,
        s.first_seen,
        s.last_seen,
        s.snapshot_count,
        s.last_snapshot_id
    from ranked as r
    join seen as s using (source, vacancy_id)
    left join latest_detail as d using (source, vacancy_id)
    where r.recency = 1
)

select * from final;

drop table refresh_seen_before;
