-- Pay in statistics of the filtered vacancies, with the inputs premiums are compared on: the
-- role family as its position in $role_families (NULL when missing; a number reads into NumPy
-- far faster than text), the traits as 1/0 (NULL when not known). About $limit rows at most:
-- when there are more, a reproducible random sample — the vacancies whose key hashes below a
-- threshold (a scan, where ordering by the hash would sort them all); $population is how many
-- filtered vacancies have pay in statistics. employer_code groups one employer's vacancies for
-- the cluster bootstrap (NULL: no employer named; the vacancy stands alone). {sample_key}: the
-- mart's sample_key, or the same hash computed here for a mart without it (queries.py).
select
    pay_mid_rub,
    hash(lower(trim(employer_name))) as employer_code,
    list_position($role_families::varchar[], role_family) as role_family_code,
    night_shifts::double as night_shifts,
    list_contains(language_names, 'english')::double as english,
    (work_format = 'remote')::double as remote
from filtered
where pay_in_stats
    and {sample_key} < $limit * 1000000::bigint // greatest($population, 1);
