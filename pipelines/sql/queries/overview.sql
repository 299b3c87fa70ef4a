-- What every page needs first: whether there is data, whether it is the demo, its time window.
select
    count(*) as vacancies,
    count(*) filter (where is_synthetic) as synthetic,
    min(published_at)::date as first,
    max(published_at)::date as last
from vacancies;
