-- Schema version 3: the same vacancy posted on several sources, linked (docs/sources.md).
-- Public contract (docs/schema.md): one row per vacancy of `vacancies` that has a twin on
-- another source; a vacancy without a row has none. Rebuilt after every load.
create table vacancy_links (
    source varchar not null,
    vacancy_id varchar not null,
    group_source varchar not null,             -- the group's representative, counted in statistics
    group_vacancy_id varchar not null,
    group_size integer not null,
    is_cross_source_duplicate boolean not null, -- true for every member but the representative
    primary key (source, vacancy_id)
);
