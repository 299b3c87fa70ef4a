-- Loaded and duplicate records per file of the snapshot being published.
select file, count(*) filter (where kept) as loaded, count(*) filter (where not kept) as duplicate
from stage_ranked
group by file;
