-- Pay in statistics of the filtered vacancies, with the inputs premiums are compared on.
select
    pay_mid_rub,
    role_family,
    night_shifts,
    list_contains(language_names, 'english') as english,
    work_format = 'remote' as remote
from filtered
where pay_in_stats;
