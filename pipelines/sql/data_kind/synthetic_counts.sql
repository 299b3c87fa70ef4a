-- What a purge of the demo would remove: its snapshots, vacancies and quarantined records.
select
    (select count(*) from snapshots where is_synthetic) as snapshots,
    (select count(*) from vacancy_current where is_synthetic) as vacancies,
    (select count(*) from observations where is_synthetic) as observations,
    (select count(*) from quarantine
     where snapshot_id in (select snapshot_id from snapshots where is_synthetic)) as quarantined;
