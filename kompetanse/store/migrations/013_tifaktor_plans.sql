-- Schema version 13: 10-FAKTOR results below the municipality, and competence plans per service area.
-- (A municipality's own 10-FAKTOR results are observations of the ten tifaktor_* indicators.)

-- The service areas (tjenesteområder) plans and survey results are kept for (data/catalogue).
create table service_area (
    area_id varchar primary key,
    name varchar not null,
    sort_order integer not null
);

-- A 10-FAKTOR result for a service area (unit = '') or one unit in it, from an imported survey round.
create table tifaktor_result (
    kommunenummer varchar not null,
    year integer not null,
    indicator_id varchar not null,    -- one of the ten tifaktor_* indicators
    area_id varchar not null,
    unit varchar not null,            -- '' for the whole service area
    score double not null,            -- the average on the 1-5 scale
    respondents integer not null,
    source varchar not null,
    is_example boolean not null,
    origin varchar not null check (origin in ('pakke', 'import')),
    import_id integer,
    primary key (kommunenummer, year, indicator_id, area_id, unit)
);

-- What an import replaced in tifaktor_result, so it can be undone (as import_change does for observations).
create table tifaktor_result_change (
    import_id integer not null,
    kommunenummer varchar not null,
    year integer not null,
    indicator_id varchar not null,
    area_id varchar not null,
    unit varchar not null,
    old_score double,
    old_respondents integer,
    old_source varchar,
    old_is_example boolean,
    old_origin varchar,
    old_import_id integer,
    primary key (import_id, kommunenummer, year, indicator_id, area_id, unit)
);

-- A competence plan as a coordinator records it: the status in one year for a service area (unit = '')
-- or a unit in it. `has_plan` false records that the area or unit has none.
create table competence_plan (
    kommunenummer varchar not null,
    year integer not null,            -- the year the record describes
    area_id varchar not null,
    unit varchar not null,            -- '' for the whole service area
    has_plan boolean not null,
    last_revised date,
    period_start integer,
    period_end integer,
    priorities varchar[] not null,    -- the priority competences the plan names
    project_ids varchar[] not null,   -- measures: entries in Tiltak og resultater
    note varchar,
    source varchar not null,
    is_example boolean not null,
    origin varchar not null check (origin in ('pakke', 'redigert')),
    registered_by varchar not null,
    registered_at timestamp not null,
    primary key (kommunenummer, year, area_id, unit)
);
