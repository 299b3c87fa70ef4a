-- Schema version 1: raw, bookkeeping and canonical layers of the warehouse.
-- Timestamps are UTC without a zone. Pay columns ending in _rub are monthly, gross, RUB.

create table schema_migrations (
    version integer primary key,
    name varchar not null,
    applied_at timestamp not null
);

create sequence snapshot_id_seq start 1;

-- One snapshot = one fetch: a folder with a manifest.json, or a single file without one.
create table snapshots (
    snapshot_id integer primary key,
    source varchar not null,
    path varchar not null,
    sha256 varchar not null,              -- over the snapshot's new files (path + content hash)
    fetched_at timestamp not null,
    fetched_at_basis varchar not null,    -- manifest | as_of | max_published_at | load_time
    is_synthetic boolean not null,
    files integer not null,
    records_read integer not null,
    records_loaded integer not null,
    records_quarantined integer not null,
    records_duplicate integer not null,
    loaded_at timestamp not null,
    load_seconds double not null,
    manifest json,
    payscope_version varchar not null
);

-- Each file's content hash is loaded once per source: re-ingesting it is a no-op.
create table snapshot_files (
    snapshot_id integer not null,
    source varchar not null,
    path varchar not null,
    sha256 varchar not null,
    bytes bigint not null,
    records_read integer not null,
    records_loaded integer not null,
    records_quarantined integer not null,
    records_duplicate integer not null,
    primary key (source, sha256)
);

-- Raw layer: every record that arrived and parsed, as JSON, append-only.
create table raw_records (
    snapshot_id integer not null,
    source varchar not null,
    file varchar not null,
    record_no integer not null,           -- 1-based position of the record in its file
    location varchar not null,            -- JSON path inside the file, e.g. items[15]
    vacancy_id varchar not null,
    status varchar not null,              -- loaded | duplicate
    record varchar not null using compression zstd  -- the record as JSON text
);

create table quarantine (
    snapshot_id integer not null,
    source varchar not null,
    file varchar not null,
    record_no integer not null,
    location varchar not null,
    vacancy_id varchar,
    reason varchar not null,
    message varchar not null,
    original varchar using compression zstd
);

-- Canonical layer, per observation: one row per vacancy per snapshot it was seen in.
create table observations (
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
    description_text varchar,
    snippet_text varchar
);

-- Canonical layer, latest state: maintained by the loader for the vacancies each snapshot touches.
create table vacancy_current as
select
    * exclude (snapshot_id, is_detail, file, record_no),
    cast(null as timestamp) as first_seen,
    cast(null as timestamp) as last_seen,
    cast(null as integer) as snapshot_count,
    cast(null as integer) as last_snapshot_id
from observations
limit 0;

create view vacancies as
select
    source, vacancy_id, url, title, employer_name, employer_id, area_name, area_id,
    published_at, created_at, first_seen, last_seen, snapshot_count, archived,
    currency_original, pay_from_original, pay_to_original, gross_original, pay_period_original,
    pay_low_rub, pay_high_rub, pay_mid_rub, pay_flag, pay_in_stats,
    fx_rate, fx_source, gross_basis, pay_conversion,
    schedule, employment, experience, work_format, shift_pattern, hours_per_shift, night_shifts,
    professional_roles, languages, key_skills, description_text, snippet_text,
    is_synthetic, last_snapshot_id
from vacancy_current;

create view vacancy_observations as
select
    o.snapshot_id, o.source, o.vacancy_id, s.fetched_at, o.published_at, o.is_detail, o.archived,
    o.title, o.employer_name, o.area_name, o.currency_original, o.pay_from_original,
    o.pay_to_original, o.gross_original, o.pay_period_original,
    o.pay_low_rub, o.pay_high_rub, o.pay_mid_rub, o.pay_flag, o.pay_in_stats,
    o.schedule, o.employment, o.experience, o.work_format, o.is_synthetic
from observations as o
join snapshots as s using (snapshot_id);
