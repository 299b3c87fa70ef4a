-- Schema version 10: a snapshot staged over several transactions. A large snapshot's rows are
-- committed in stages (DuckDB holds a transaction's rows in memory until its commit, so one
-- transaction per snapshot made a load's memory grow with its size) and published by a last
-- transaction that writes its `snapshots` and `snapshot_files` rows. Until then the snapshot is
-- listed here: readers keep to rows of published snapshots (`snapshot_id in snapshots`), and a
-- load killed between stages leaves its row here, so the next ingest deletes its staged rows
-- before it starts and `payscope status` names it (docs/reliability.md).
create table pending_snapshots (
    snapshot_id integer primary key,
    source varchar not null,
    path varchar not null,
    started_at timestamp not null
);
