-- A per-transaction staging table: a snapshot's observations before de-duplication.
create or replace temp table stage_observations as
select * exclude (snapshot_id, fetched_at) from observations limit 0;
