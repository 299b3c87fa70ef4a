-- Pay of the vacancies of one role family (usable pay, both kinds of data never mixed: a
-- warehouse holds one kind): n and P25 / median / P75, monthly gross RUB.
select
    count(*) as n,
    quantile_cont(v.pay_mid_rub, [0.25, 0.5, 0.75]) as quartiles
from vacancies as v
join vacancy_features as f using (source, vacancy_id)
where v.pay_in_stats
    and v.pay_mid_rub is not null
    and f.role_family = $role_family;
