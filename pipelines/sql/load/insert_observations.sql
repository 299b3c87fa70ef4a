insert into observations by name
select $snapshot_id as snapshot_id, * from batch_observations;
