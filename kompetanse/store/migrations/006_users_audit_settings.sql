-- Schema version 6: named users with roles, the log of every write, and settings an admin changes.

-- Local users (salted argon2 hash) and users who log in through OIDC (matched on e-mail).
create table app_user (
    username varchar primary key,       -- lowercase, as typed at login
    display_name varchar not null,
    role varchar not null check (role in ('reader', 'editor', 'admin')),
    kommuner varchar[] not null,        -- an editor may change these municipalities' data ...
    regions varchar[] not null,         -- ... and those of every municipality in these regions
    password_hash varchar,              -- argon2id; null for users who only log in through OIDC
    email varchar,                      -- lowercase; the OIDC identity
    active boolean not null,
    created_by varchar not null,
    created_at timestamp not null
);

create sequence audit_id_seq start 1;

-- One row per write, in the same transaction as the write itself.
create table audit_log (
    audit_id integer primary key default nextval('audit_id_seq'),
    logged_at timestamp not null,
    username varchar not null,
    action varchar not null,
    detail varchar not null
);

create table setting (
    key varchar primary key,
    value varchar not null,
    changed_by varchar not null,
    changed_at timestamp not null
);
