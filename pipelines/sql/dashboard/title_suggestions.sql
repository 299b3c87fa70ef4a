-- The commonest job titles, as hh.ru's salary tool starts a search: titles normalised (lower
-- case, single spaces) and counted, each shown in its commonest spelling. Over the whole mart,
-- not the filters: a suggestion must not vanish because another filter is set.
with titles as (
    select
        regexp_replace(lower(trim(title)), '\s+', ' ', 'g') as normalised,
        regexp_replace(trim(title), '\s+', ' ', 'g') as title
    from dashboard_vacancies
    where title is not null and trim(title) <> ''
)
select normalised, mode(title) as title, count(*) as n
from titles
group by normalised
order by n desc, normalised
limit $limit;
