-- How many vacancies with usable pay each kind of data (synthetic or real) has.
select v.is_synthetic, count(*) as vacancies
from vacancies as v
join vacancy_features as f using (source, vacancy_id)
where v.pay_in_stats and v.pay_mid_rub is not null
group by v.is_synthetic;
