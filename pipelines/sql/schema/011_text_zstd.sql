-- Schema version 11: vacancy texts (descriptions and snippets) stored with zstd, as raw records
-- already are. DuckDB's own choice for them was dictionary + FSST, which at commit cost a load
-- of 200 000 search items about 1 s more and kept the texts at twice the size
-- (docs/performance.md, "Vacancy texts with zstd"). A column's compression is fixed when its
-- table is created, so both tables are made again with the same columns in the same order and
-- their rows copied; the views name them, and read them again under their old names.
create table observations_zstd (
    snapshot_id integer not null,
    source varchar not null,
    vacancy_id varchar not null,
    is_detail boolean not null,
    is_synthetic boolean not null,
    file varchar not null,
    record_no integer not null,
    url varchar,
    title varchar not null,
    employer_name varchar,
    employer_id varchar,
    area_name varchar,
    area_id varchar,
    published_at timestamp not null,
    created_at timestamp,
    archived boolean,
    currency_original varchar,
    pay_from_original double,
    pay_to_original double,
    gross_original boolean,
    pay_period_original varchar,
    pay_low_rub double,
    pay_high_rub double,
    pay_mid_rub double,
    pay_flag varchar,
    pay_in_stats boolean not null,
    fx_rate double,
    fx_source varchar,
    gross_basis varchar,
    pay_conversion varchar,
    schedule varchar,
    employment varchar,
    experience varchar,
    work_format varchar,
    shift_pattern varchar,
    hours_per_shift double,
    night_shifts boolean,
    professional_roles struct(id varchar, name varchar)[],
    languages struct(name varchar, level varchar)[],
    key_skills varchar[],
    description_text varchar using compression zstd,
    snippet_text varchar using compression zstd,
    published_estimated boolean default false
);

insert into observations_zstd by name select * from observations;
drop table observations;
alter table observations_zstd rename to observations;

create table vacancy_current_zstd (
    source varchar,
    vacancy_id varchar,
    is_synthetic boolean,
    url varchar,
    title varchar,
    employer_name varchar,
    employer_id varchar,
    area_name varchar,
    area_id varchar,
    published_at timestamp,
    created_at timestamp,
    archived boolean,
    currency_original varchar,
    pay_from_original double,
    pay_to_original double,
    gross_original boolean,
    pay_period_original varchar,
    pay_low_rub double,
    pay_high_rub double,
    pay_mid_rub double,
    pay_flag varchar,
    pay_in_stats boolean,
    fx_rate double,
    fx_source varchar,
    gross_basis varchar,
    pay_conversion varchar,
    schedule varchar,
    employment varchar,
    experience varchar,
    work_format varchar,
    shift_pattern varchar,
    hours_per_shift double,
    night_shifts boolean,
    professional_roles struct(id varchar, name varchar)[],
    languages struct(name varchar, level varchar)[],
    key_skills varchar[],
    description_text varchar using compression zstd,
    snippet_text varchar using compression zstd,
    first_seen timestamp,
    last_seen timestamp,
    snapshot_count integer,
    last_snapshot_id integer,
    published_estimated boolean default false
);

insert into vacancy_current_zstd by name select * from vacancy_current;
drop table vacancy_current;
alter table vacancy_current_zstd rename to vacancy_current;
