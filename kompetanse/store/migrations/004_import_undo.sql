-- Schema version 4: every import keeps its original file and what it replaced, so it can be undone.
alter table import_log add column stored_file varchar;
alter table import_log add column undone_at timestamp;
alter table import_log add column undone_by varchar;

-- The state of each row an import touched, as it was just before the import.
create table import_change (
    import_id integer not null,
    kommunenummer varchar not null,
    year integer not null,
    indicator_id varchar not null,
    existed boolean not null,
    old_value double,
    old_numerator double,
    old_denominator double,
    old_source varchar,
    old_is_example boolean,
    old_origin varchar,
    old_import_id integer,
    primary key (import_id, kommunenummer, year, indicator_id)
);
