-- Schema version 9: which derived tables are behind the canonical layer. vacancy_links and the
-- dashboard's mart are rebuilt after snapshots commit, in transactions of their own, so a
-- command killed in between left them behind for good (the next run loaded nothing new and so
-- rebuilt nothing). Every write they derive from marks them stale in its own transaction, each
-- rebuild marks its table fresh in its own, and the next ingest, refresh or build-features
-- rebuilds what is stale (pipelines/derived.py, docs/reliability.md). Both start stale, so the
-- first write after this migration rebuilds them once.
create table derived_state (
    name varchar primary key,   -- links | dashboard
    stale boolean not null
);
insert into derived_state values ('links', true), ('dashboard', true);
