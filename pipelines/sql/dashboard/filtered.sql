-- The vacancies the dashboard's filters select (pipelines/filters.py binds every parameter;
-- NULL = no restriction), from the dashboard's mart (schema/004_dashboard_mart.sql: canonical
-- fields with features; copies of a vacancy on other boards left out). With $net, pay_mid_rub
-- is each vacancy's pay «на руки» (schema/008_pay_net.sql), so every query below aggregates net
-- pay per vacancy (a median of net pay, not the net of a median).
select * replace (
    case when coalesce($net::boolean, false) then v.pay_mid_net_rub else v.pay_mid_rub end
        as pay_mid_rub
)
from dashboard_vacancies as v
where ($period_from is null or v.published_at >= $period_from::date)
    and ($period_to is null or v.published_at < $period_to::date + interval 1 day)
    and ($title is null or contains(lower(v.title), $title::varchar))
    and ($role_family is null or list_contains($role_family::varchar[], v.role_family))
    and ($sector is null or list_contains($sector::varchar[], v.sector))
    and ($region is null or list_contains($region::varchar[], v.region))
    and ($schedule is null or list_contains($schedule::varchar[], v.schedule))
    and ($work_format is null or list_contains($work_format::varchar[], v.work_format))
    and ($experience is null or list_contains($experience::varchar[], v.experience))
    and ($source is null or list_contains($source::varchar[], v.source))
    and ($night is null or v.night_shifts = $night::boolean)
    and ($language is null or list_has_any(v.language_names, $language::varchar[]))
