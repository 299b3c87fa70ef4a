-- Values each sidebar filter can take, commonest first, with their vacancy counts (one scan:
-- grouping sets, and the languages unnested apart).
with counted as (
    select role_family, sector, schedule, work_format, experience, region, source, count(*) as n
    from dashboard_vacancies
    group by grouping sets (
        (role_family), (sector), (schedule), (work_format), (experience), (region), (source)
    )
),
named as (
    select
        case
            when role_family is not null then 'role_family'
            when sector is not null then 'sector'
            when schedule is not null then 'schedule'
            when work_format is not null then 'work_format'
            when experience is not null then 'experience'
            when region is not null then 'region'
            when source is not null then 'source'
        end as name,
        coalesce(role_family, sector, schedule, work_format, experience, region, source) as value,
        n
    from counted
),
languages as (
    select 'language' as name, language as value, count(*) as n
    from (select unnest(language_names) as language from dashboard_vacancies)
    group by all
)
select name, value, n from named where value is not null
union all
select name, value, n from languages
order by name, n desc, value;
