-- Values each sidebar filter can take, commonest first, with their vacancy counts.
select 'role_family' as name, role_family as value, count(*) as n
from vacancy_features group by all
union all
select 'sector', sector, count(*) from vacancy_features group by all
union all
select 'schedule', schedule, count(*) from vacancy_features where schedule is not null group by all
union all
select 'work_format', work_format, count(*) from vacancy_features
where work_format is not null group by all
union all
select 'experience', experience, count(*) from vacancy_features
where experience is not null group by all
union all
select 'language', l.name, count(*) from (select unnest(languages) as l from vacancy_features)
group by all
union all
select 'region', area_name, count(*) from vacancies where area_name is not null group by all
union all
select 'source', source, count(*) from vacancies group by all
order by name, n desc, value;
