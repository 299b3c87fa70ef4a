-- Pay in statistics of the filtered vacancies with the cell they belong to, for the
-- composition-fixed wage index (pipelines/wage_index.py: role family × region cells).
select published_at, role_family, region, pay_mid_rub
from filtered
where pay_in_stats
    and pay_mid_rub is not null
    and published_at is not null;
