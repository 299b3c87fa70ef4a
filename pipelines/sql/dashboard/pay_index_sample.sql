-- The input of the Trends page's pay index (pipelines/pay_index.py): the rows of
-- wage_index_sample.sql, about $limit at most — when the filtered vacancies with pay
-- ($population) are more, a reproducible random sample (the vacancies whose key hashes below a
-- threshold, as in pay_sample.sql), so that the page stays interactive on a million rows.
select published_at, role_family, region, pay_mid_rub
from filtered
where pay_in_stats
    and pay_mid_rub is not null
    and published_at is not null
    and hash(source, vacancy_id) % 1000000 < $limit * 1000000::bigint // greatest($population, 1);
