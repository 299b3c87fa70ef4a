-- Observations counted in their table, not through the vacancy_observations view: the view
-- joins every observation to its snapshot, which cost 130 of this query's 300 ms at 10 M
-- observations (bench/dashboard.py). Rows of a snapshot still being staged, or of a killed
-- load ($pending: the ids in pending_snapshots, migration 010), are taken off: no reader counts
-- them. Counted as a difference because a whole-table count(*) is nearly free and so is the
-- second one while nothing is pending (2 ms at 10 M rows), where keeping rows `in snapshots`
-- cost 40–60 ms.
select
    (select count(*) from vacancies) as vacancies,
    (select count(*) from vacancies where pay_mid_rub is not null) as with_pay,
    (select count(*) from vacancies where pay_in_stats) as pay_in_stats,
    (select count(*) from vacancies where is_synthetic) as synthetic,
    (select count(*) from observations)
    - (select count(*) from observations
       where snapshot_id in (select unnest($pending::integer[]))) as observations,
    (select count(*) from snapshots) as snapshots,
    (select count(*) from raw_records)
    - (select count(*) from raw_records
       where snapshot_id in (select unnest($pending::integer[]))) as raw_records,
    (select count(*) from quarantine)
    - (select count(*) from quarantine
       where snapshot_id in (select unnest($pending::integer[]))) as quarantined,
    (select min(published_at) from vacancies) as first_published,
    (select max(published_at) from vacancies) as last_published,
    (select max(fetched_at) from snapshots) as last_fetched,
    (select max(loaded_at) from snapshots) as last_loaded;
