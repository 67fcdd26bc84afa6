-- Schema version 15: SSB's official county projections (table 14288, regional projections 2024),
-- total population by county, year and alternative. Framtidig behov shows them as the county's context
-- beside the municipalities' example projections (data/projections/framskriving_14288_fylke_2024.csv).
create table county_projection (
    county_code varchar not null,
    year integer not null,
    alternative varchar not null,
    persons double not null,
    source varchar not null,
    primary key (county_code, year, alternative)
);
