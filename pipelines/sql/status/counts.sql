-- Observations counted in their table, not through the vacancy_observations view: the view
-- joins every observation to its snapshot (each has one: they are written and purged
-- together), which cost 130 of this query's 300 ms at 10 M observations (bench/dashboard.py).
select
    (select count(*) from vacancies) as vacancies,
    (select count(*) from vacancies where pay_mid_rub is not null) as with_pay,
    (select count(*) from vacancies where pay_in_stats) as pay_in_stats,
    (select count(*) from vacancies where is_synthetic) as synthetic,
    (select count(*) from observations) as observations,
    (select count(*) from snapshots) as snapshots,
    (select count(*) from raw_records) as raw_records,
    (select count(*) from quarantine) as quarantined,
    (select min(published_at) from vacancies) as first_published,
    (select max(published_at) from vacancies) as last_published,
    (select max(fetched_at) from snapshots) as last_fetched,
    (select max(loaded_at) from snapshots) as last_loaded;
