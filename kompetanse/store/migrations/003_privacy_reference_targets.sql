-- Schema version 3: suppression rule, reference area and programme per indicator; regional targets.
alter table indicator add column suppression varchar;          -- 'antall', 'andel', 'teller' or null
alter table indicator add column reference_area varchar default 'landet';  -- or 'landet_uten_oslo'
alter table indicator add column programme varchar;            -- leader programme the indicator counts

-- A target a coordinator sets for a region or network, e.g. 100 leaders trained by 2026.
create table target (
    region_id varchar not null,
    indicator_id varchar not null,
    target_value double not null,
    target_year integer not null,
    note varchar,
    set_by varchar not null,
    set_at timestamp not null,
    primary key (region_id, indicator_id)
);
