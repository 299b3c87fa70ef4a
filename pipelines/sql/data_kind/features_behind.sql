-- Vacancies whose features are missing or out of date (the same rule as features/stale.sql):
-- the dashboard says to run `payscope build-features` while there are any.
select count(*) as behind
from vacancies as v
left join vacancy_features as f using (source, vacancy_id)
where f.vacancy_id is null
    or f.extractor_version <> $extractor_version
    or f.last_snapshot_id <> v.last_snapshot_id;
