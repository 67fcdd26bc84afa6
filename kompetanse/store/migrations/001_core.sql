-- Schema version 1: the municipality registry, regions, the indicator catalogue and observations.
create table meta (
    key varchar primary key,
    value varchar not null
);

create table county (
    county_code varchar primary key,
    name varchar not null
);

create table municipality (
    kommunenummer varchar primary key,
    name varchar not null,            -- short Norwegian name (Sortland)
    official_name varchar not null,   -- official name incl. Sami/Kven parts (Sortland - Suortá)
    county_code varchar not null
);

-- Every kommunenummer used since 1994 and what it is today.
create table code_history (
    code varchar primary key,
    name varchar not null,
    status varchar not null check (status in ('gjeldende', 'erstattet', 'delt', 'ukjent', 'utenfor')),
    current_code varchar,             -- set when the code maps to exactly one current municipality
    successors varchar[] not null,    -- current municipalities that took over the area
    note varchar,
    source varchar not null
);

-- SSB economic regions and the networks coordinators define themselves.
create table region (
    region_id varchar primary key,
    name varchar not null,
    kind varchar not null check (kind in ('okonomisk_region', 'nettverk')),
    slug varchar not null unique,     -- lowercase ascii: 'vesteralen'
    county_code varchar,
    source varchar not null
);

create table region_member (
    region_id varchar not null,
    kommunenummer varchar not null,
    primary key (region_id, kommunenummer)
);

create table theme (
    theme_id varchar primary key,
    name varchar not null,
    question varchar not null,
    sort_order integer not null
);

create table indicator (
    indicator_id varchar primary key,
    name varchar not null,
    theme_id varchar not null,
    unit varchar not null,
    higher_is_better boolean,         -- null: neither direction is better
    aggregation varchar not null check (aggregation in ('sum', 'forhold')),
    scale double,                     -- value = numerator / denominator * scale for 'forhold'
    numerator_label varchar,
    denominator_label varchar,
    definition varchar not null,
    source varchar not null,          -- where official figures come from
    is_headline boolean not null,
    sort_order integer not null
);

create table observation (
    kommunenummer varchar not null,
    year integer not null,
    indicator_id varchar not null,
    value double not null,
    numerator double,
    denominator double,
    source varchar not null,
    is_example boolean not null,      -- generated example data, never official figures
    origin varchar not null check (origin in ('pakke', 'import')),
    import_id integer,
    primary key (kommunenummer, year, indicator_id)
);
