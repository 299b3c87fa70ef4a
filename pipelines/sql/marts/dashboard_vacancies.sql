-- Rebuild the dashboard's mart (schema/004_dashboard_mart.sql) from the current state, with
-- each vacancy's pay «на руки» by the НДФЛ scale of its publication date (schema/008_pay_net.sql)
-- and its sampling key: the hash dashboard/pay_sample.sql and profession_sample.sql draw their
-- reproducible samples by, computed once here instead of over every vacancy per interaction
-- (a mart built before it has none: those queries hash the key themselves, queries.py).
create or replace table dashboard_vacancies as
select
    *,
    ndfl_net_monthly(pay_mid_rub, published_at) as pay_mid_net_rub,
    hash(source, vacancy_id) % 1000000 as sample_key
from dashboard_source order by published_at;
