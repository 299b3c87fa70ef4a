-- Pay in statistics of the filtered vacancies, with the inputs premiums are compared on: the
-- role family as a number (which one does not matter, only which rows share it; a number reads
-- into NumPy ten times faster than text), the traits as 1/0 (NULL when not known).
select
    pay_mid_rub,
    dense_rank() over (order by role_family) - 1 as role_family_code,
    role_family is null as role_family_missing,
    night_shifts::double as night_shifts,
    list_contains(language_names, 'english')::double as english,
    (work_format = 'remote')::double as remote
from filtered
where pay_in_stats;
