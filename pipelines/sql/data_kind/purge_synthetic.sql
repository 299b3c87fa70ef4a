-- Remove every synthetic (payscope demo) row from every layer, inside the caller's transaction:
-- the derived tables first (they are found through the latest states), then the canonical
-- layer, then what hangs off the demo's snapshots, then the snapshots themselves.
delete from vacancy_features as f
where exists (
    select 1 from vacancy_current as v
    where v.is_synthetic and v.source = f.source and v.vacancy_id = f.vacancy_id
);

delete from vacancy_links as l
where exists (
    select 1 from vacancy_current as v
    where v.is_synthetic
        and ((v.source = l.source and v.vacancy_id = l.vacancy_id)
            or (v.source = l.group_source and v.vacancy_id = l.group_vacancy_id))
);

delete from dashboard_vacancies where is_synthetic;

delete from vacancy_current where is_synthetic;

delete from observations where is_synthetic;

delete from raw_records
where snapshot_id in (select snapshot_id from snapshots where is_synthetic);

delete from quarantine
where snapshot_id in (select snapshot_id from snapshots where is_synthetic);

delete from snapshot_files
where snapshot_id in (select snapshot_id from snapshots where is_synthetic);

delete from snapshots where is_synthetic;
