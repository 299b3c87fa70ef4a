-- Rebuild the latest state of every vacancy the snapshot $snapshot_id touched.
-- Latest = the newest publication of the vacancy; for the same publication a detail
-- document beats a search item; then the newest fetch. Fields only detail documents
-- carry (description, key skills, languages) come from the newest detail document.
delete from vacancy_current as c
using (select distinct source, vacancy_id from observations where snapshot_id = $snapshot_id) as t
where c.source = t.source and c.vacancy_id = t.vacancy_id;

insert into vacancy_current by name
with touched as (
    select distinct source, vacancy_id from observations where snapshot_id = $snapshot_id
),

history as (
    select o.*, s.fetched_at
    from observations as o
    semi join touched as t using (source, vacancy_id)
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
