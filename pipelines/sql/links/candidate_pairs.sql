-- Pairs of vacancies on different sources that are one posting (docs/sources.md, "Cross-source
-- duplicates"): same employer (employer_key), same normalised title, published within 7 days,
-- pay within 5 % or both without pay. Titles are compared first: employer_key is a Python
-- function, called only for titles that more than one source has.
with titled as (
    select
        source,
        vacancy_id,
        employer_name,
        published_at,
        pay_mid_rub,
        is_synthetic,
        trim(regexp_replace(replace(lower(title), 'ё', 'е'), '[^\p{L}\p{N}]+', ' ', 'g'))
            as title_key,
        (coalesce(pay_from_original, pay_to_original)
            + coalesce(pay_to_original, pay_from_original)) / 2 as posted_mid,
        case upper(trim(coalesce(currency_original, 'RUB')))
            when 'RUR' then 'RUB' else upper(trim(coalesce(currency_original, 'RUB')))
        end as currency
    from vacancies
    where employer_name is not null
),

shared_titles as (
    select title_key
    from titled
    group by title_key
    having count(distinct source) > 1
),

keyed as (
    select t.*, payscope_employer_key(t.employer_name) as employer
    from titled as t
    semi join shared_titles using (title_key)
),

final as (
    select
        a.source,
        a.vacancy_id,
        a.published_at,
        b.source as other_source,
        b.vacancy_id as other_vacancy_id,
        b.published_at as other_published_at
    from keyed as a
    join keyed as b
        on a.title_key = b.title_key
        and a.employer = b.employer
        and a.is_synthetic = b.is_synthetic
        and a.source < b.source
    where a.employer <> ''
        and abs(epoch(a.published_at) - epoch(b.published_at)) <= 7 * 86400
        and (
            (a.posted_mid is null and b.posted_mid is null)
            -- The normalised pay, or the posted one: sources differ in gross/net conventions
            -- (SuperJob's amounts are taken as gross), so the same numbers may normalise apart.
            or abs(a.pay_mid_rub - b.pay_mid_rub) <= 0.05 * least(a.pay_mid_rub, b.pay_mid_rub)
            or (a.currency = b.currency
                and abs(a.posted_mid - b.posted_mid) <= 0.05 * least(a.posted_mid, b.posted_mid))
        )
)

select * from final;
