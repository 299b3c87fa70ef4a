-- Export of the table `vacancy_features`, partitioned by source and the month its vacancy was
-- published (features carry no date of their own).
create or replace temp view export_rows as
with vacancy_month as (
    select
        source,
        vacancy_id,
        strftime(published_at, '%Y-%m') as month
    from vacancies
),

final as (
    select
        vacancy_features.*,
        vacancy_month.month
    from vacancy_features
    left join vacancy_month using (source, vacancy_id)
)

select * from final;

-- $target is a bound parameter: DuckDB (2.0) binds COPY targets, so no path is spliced into SQL.
copy (select * from export_rows) to $target (
    format parquet, partition_by (source, month), compression zstd, overwrite_or_ignore
);
