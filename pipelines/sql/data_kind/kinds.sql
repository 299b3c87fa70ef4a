-- Which kinds of data the warehouse holds: snapshots of synthetic (demo) and of real data.
select
    count(*) filter (where is_synthetic) as synthetic,
    count(*) filter (where not is_synthetic) as real
from snapshots;
