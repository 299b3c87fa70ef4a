-- Rebuild the dashboard's mart (schema/004_dashboard_mart.sql) from the current state, with
-- each vacancy's pay «на руки» by the НДФЛ scale of its publication date (schema/008_pay_net.sql).
create or replace table dashboard_vacancies as
select *, ndfl_net_monthly(pay_mid_rub, published_at) as pay_mid_net_rub
from dashboard_source order by published_at;
