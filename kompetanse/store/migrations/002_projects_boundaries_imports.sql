-- Schema version 2: project entries, municipality boundaries and the import log.
create table project_entry (
    entry_id varchar primary key,
    title varchar not null,
    kommunenummer varchar,
    region_id varchar,
    programme varchar not null,
    period_start integer,
    period_end integer,
    themes varchar[] not null,
    measures_start integer,           -- year the measures (Tiltak) started, for trend markers
    need varchar not null,            -- Behov
    goal varchar not null,            -- Mål
    measures varchar not null,        -- Tiltak
    result varchar not null,          -- Resultat
    anchoring varchar not null,       -- Forankring
    source varchar not null,
    origin varchar not null check (origin in ('pakke', 'redigert'))
);

create table boundary (
    kommunenummer varchar primary key,
    geometry_json varchar not null,   -- GeoJSON geometry, WGS84
    source varchar not null
);

create sequence import_id_seq start 1;

create table import_log (
    import_id integer primary key default nextval('import_id_seq'),
    file_name varchar not null,
    sha256 varchar not null,
    imported_by varchar not null,
    imported_at timestamp not null,
    rows_new integer not null,
    rows_changed integer not null,
    rows_unchanged integer not null
);
