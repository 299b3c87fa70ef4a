-- Values each sidebar filter can take, commonest first, with their vacancy counts.
with v as (select * from dashboard_vacancies)
select 'role_family' as name, role_family as value, count(*) as n
from v where role_family is not null group by all
union all
select 'sector', sector, count(*) from v where sector is not null group by all
union all
select 'schedule', schedule, count(*) from v where schedule is not null group by all
union all
select 'work_format', work_format, count(*) from v where work_format is not null group by all
union all
select 'experience', experience, count(*) from v where experience is not null group by all
union all
select 'language', language, count(*) from (select unnest(language_names) as language from v)
group by all
union all
select 'region', region, count(*) from v where region is not null group by all
union all
select 'source', source, count(*) from v group by all
order by name, n desc, value;
