-- Monthly gross RUB pay of the vacancies usable in statistics (flagged values excluded).
select pay_mid_rub, schedule, work_format, experience
from vacancies
where pay_in_stats;
