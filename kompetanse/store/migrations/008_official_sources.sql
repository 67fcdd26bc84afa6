-- Schema version 8: official figures fetched from SSB, KLASS and Udir (issue 12).

-- An observation may now be a publisher's symbol instead of a figure: SSB's ':' (confidential) or '..'
-- (missing) is kept as `status`, with no value. `origin` 'offisiell' marks rows an update fetched.
-- DuckDB cannot change a check constraint in place, so the table is rebuilt with its rows.
create table observation_v8 (
    kommunenummer varchar not null,
    year integer not null,
    indicator_id varchar not null,
    value double,                     -- null only when `status` says why
    numerator double,
    denominator double,
    source varchar not null,
    is_example boolean not null,      -- generated example data, never official figures
    origin varchar not null check (origin in ('pakke', 'import', 'offisiell')),
    import_id integer,
    status varchar,                   -- the publisher's symbol (':', '..'), null for a plain figure
    primary key (kommunenummer, year, indicator_id),
    check (value is not null or status is not null)
);
insert into observation_v8 by name
select kommunenummer, year, indicator_id, value, numerator, denominator, source, is_example, origin, import_id
from observation;
drop table observation;
alter table observation_v8 rename to observation;

-- The same for the undo record of an import, so an undo can put back a symbol row as it was.
alter table import_change add column old_status varchar;

-- KOSTRA groups (SSB KLASS 112) are regions one can pick, with their members from KLASS.
create table region_v8 (
    region_id varchar primary key,
    name varchar not null,
    kind varchar not null check (kind in ('okonomisk_region', 'nettverk', 'kostragruppe')),
    slug varchar not null unique,     -- lowercase ascii: 'vesteralen', 'kostra-gruppe-2'
    county_code varchar,
    source varchar not null
);
insert into region_v8 by name select * from region;
drop table region;
alter table region_v8 rename to region;

create sequence official_update_seq start 1;

-- One row per update that wrote something (a run that found nothing new writes nothing).
create table official_update (
    update_id integer primary key default nextval('official_update_seq'),
    started_at timestamp not null,
    finished_at timestamp not null,
    run_by varchar not null,
    sources varchar[] not null,       -- 'ssb', 'klass', 'udir'
    from_year integer,
    rows_new integer not null,
    rows_changed integer not null,
    rows_removed integer not null,
    example_removed integer not null
);

-- Every response an update received: the import log of the official sources.
create table source_fetch (
    update_id integer not null,
    source varchar not null,          -- 'SSB tabell 12562', 'SSB KLASS 112', 'Udir Barnehagefakta'
    url varchar not null,
    method varchar not null,
    http_status integer not null,
    fetched_at timestamp not null,    -- UTC
    updated varchar,                  -- the table's own `updated`, when the response states it
    sha256 varchar not null,
    size_bytes bigint not null
);

-- Where the official figures of an indicator (or of the projections, or the KOSTRA groups) come from now.
create table official_series (
    series_id varchar primary key,    -- an indicator id, 'befolkningsframskriving' or 'kostragrupper'
    source varchar not null,          -- 'SSB tabell 12562'
    table_id varchar not null,
    updated varchar,                  -- the table's `updated` (ISO 8601), null when the source gives none
    fetched_at timestamp not null,    -- UTC
    update_id integer not null,
    first_year integer,
    last_year integer,
    municipalities integer not null   -- how many municipalities have a row
);

-- The publisher's own totals (SSB's EAK, EAKUO and EKGnn, Udir's national figure): used as they are,
-- never recomputed from the municipalities.
create table reference_value (
    group_id varchar not null,        -- 'landet', 'landet_uten_oslo', 'kostragruppe-EKG02'
    year integer not null,
    indicator_id varchar not null,
    value double,
    numerator double,
    denominator double,
    status varchar,
    source varchar not null,
    primary key (group_id, year, indicator_id)
);

-- Projected population by municipality, year, single year of age and SSB alternative (MMMM, LLML, HHMH):
-- SSB 14746 when fetched, else example projections. Age 100 counts everyone 100 and older.
create table population_projection (
    kommunenummer varchar not null,
    year integer not null,
    age integer not null,
    alternative varchar not null,
    persons double,                   -- null when SSB marks the cell missing
    source varchar not null,
    is_example boolean not null,
    primary key (kommunenummer, year, age, alternative)
);
