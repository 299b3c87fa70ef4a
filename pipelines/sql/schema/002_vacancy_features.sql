-- Schema version 2: what the feature extractors make of each vacancy's latest state.
-- Public contract (docs/schema.md): one row per (source, vacancy_id) of `vacancies`.
create table vacancy_features (
    source varchar not null,
    vacancy_id varchar not null,
    sector varchar not null,
    role_family varchar not null,
    languages struct(name varchar, level varchar, required boolean)[] not null,
    schedule varchar,
    shift_pattern varchar,
    night_shifts boolean not null,
    work_format varchar,
    part_time_hours double,
    experience varchar,
    employment varchar,
    provenance map(varchar, varchar) not null,  -- field → 'field' | 'text'
    extractor_version integer not null,          -- rows of older extractors are rebuilt
    last_snapshot_id integer not null,           -- the vacancy state they were built from
    primary key (source, vacancy_id)
);
