-- Schema version 5: inputs from theme meetings in units (Kristiansund's method) and their categories.
create table input_category (
    category_id varchar primary key,
    name varchar not null unique,
    origin varchar not null check (origin in ('pakke', 'redigert'))
);

create sequence meeting_input_seq start 1;

create table meeting_input (
    input_id integer primary key default nextval('meeting_input_seq'),
    kommunenummer varchar not null,
    unit varchar not null,              -- the unit (enhet) where the theme meeting was held
    meeting_date date not null,
    question varchar not null check (question in ('i_dag', 'fremover')),
    text varchar not null,
    category_id varchar,
    registered_by varchar not null,
    registered_at timestamp not null
);
