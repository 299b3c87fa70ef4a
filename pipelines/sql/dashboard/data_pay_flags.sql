-- Loaded vacancies by pay status: no pay, each flag, and whether it counts in statistics.
select
    case
        when pay_flag is null and pay_mid_rub is null then 'no_pay'
        else coalesce(pay_flag, 'ok')
    end as status,
    bool_or(pay_in_stats) as in_stats,
    count(*) as vacancies
from vacancies
group by status
order by vacancies desc, status;
