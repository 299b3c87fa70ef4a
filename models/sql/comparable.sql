-- How many vacancies with usable pay share the role family (and the sector, when given).
select count(*)
from vacancies as v
join vacancy_features as f using (source, vacancy_id)
where v.pay_in_stats
    and v.pay_mid_rub is not null
    and v.is_synthetic = $synthetic
    and f.role_family = $role_family
    and ($sector is null or f.sector = $sector);
