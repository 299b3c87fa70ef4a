-- Coverage per source: vacancies, how many carry pay, publication window and snapshots.
with vacancy_counts as (
    select
        source,
        count(*) as vacancies,
        count(pay_mid_rub) as with_pay,
        count(*) filter (where pay_in_stats) as pay_in_stats,
        min(published_at) as first_published,
        max(published_at) as last_published
    from vacancies
    group by source
),

snapshot_counts as (
    select source, count(*) as snapshots, max(fetched_at) as last_fetched
    from snapshots
    group by source
),

final as (
    select
        coalesce(v.source, s.source) as source,
        coalesce(v.vacancies, 0) as vacancies,
        coalesce(v.with_pay, 0) as with_pay,
        coalesce(v.pay_in_stats, 0) as pay_in_stats,
        coalesce(v.pay_in_stats, 0) / nullif(v.vacancies, 0) as share_in_stats,
        v.first_published,
        v.last_published,
        coalesce(s.snapshots, 0) as snapshots,
        s.last_fetched
    from vacancy_counts as v
    full outer join snapshot_counts as s using (source)
)

select * from final
order by vacancies desc, source;
