-- Schema version 9: the stored protection of small numbers, worked out in the write that changes what
-- it depends on (store/hiding.py), and entry revisions for edits that must not overwrite each other.

-- Every hidden municipality-year of every indicator; the public reason is the same for all of them,
-- `detail` (why) is for the municipality's editors and admins only.
create table hidden_cell (
    indicator_id varchar not null,
    kommunenummer varchar not null,
    year integer not null,
    detail varchar not null,
    primary key (indicator_id, kommunenummer, year)
);

-- Every published total (region, own network, the country) that is hidden.
create table hidden_total (
    indicator_id varchar not null,
    group_id varchar not null,
    year integer not null,
    detail varchar not null,
    primary key (indicator_id, group_id, year)
);

-- What the stored protection of one family of linked indicators in one year was worked out from.
create table protection_state (
    family varchar not null,
    year integer not null,
    inputs varchar not null,
    primary key (family, year)
);

-- An edit names the revision it was made on; a stale one is refused.
alter table project_entry add column revision integer default 0;
