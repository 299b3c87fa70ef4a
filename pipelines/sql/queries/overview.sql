select
    count(*) as vacancies,
    count(pay_mid_rub) as with_pay,
    count(*) filter (where pay_in_stats) as pay_in_stats,
    count(*) filter (where is_synthetic) as synthetic,
    count(distinct employer_id) as employers,
    min(published_at) as first_published,
    max(published_at) as last_published,
    (select count(*) from snapshots) as snapshots,
    (select max(fetched_at) from snapshots) as last_fetched,
    (select count(*) from quarantine) as quarantined
from vacancies;
