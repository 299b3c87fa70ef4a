-- Rebuild the dashboard's mart (schema/004_dashboard_mart.sql) from the current state.
create or replace table dashboard_vacancies as
select * from dashboard_source order by published_at;
