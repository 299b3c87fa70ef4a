-- What every page needs first: whether there is data, whether it is the demo, its time window
-- (first and last publication, naive UTC moments and their dates) and when data was last loaded.
select
    count(*) as vacancies,
    count(*) filter (where is_synthetic) as synthetic,
    min(published_at)::date as first,
    max(published_at)::date as last,
    min(published_at) as first_published_at,
    max(published_at) as last_published_at,
    (select max(loaded_at) from snapshots) as last_loaded
from vacancies;
