-- Schema version 5: the warehouse's identity. A random id minted once, when the warehouse is
-- created (or upgraded to this version), so that a model can record which warehouse it learnt
-- from (models/provenance.py) and be refused elsewhere. It lives in the file, so it survives
-- refresh's copy-and-rename; `payscope export` carries it into the export's manifest.
create table warehouse_identity (
    warehouse_id varchar not null,
    created_at timestamp not null
);

insert into warehouse_identity
select gen_random_uuid()::varchar, (now() at time zone 'UTC')::timestamp;
