-- Writes (SQLite, the login throttle's own file): the table of login attempts, if it is not there.
-- Parameters: none.
create table if not exists login_attempt (
    key text primary key,          -- 'bruker:NAME|adresse:ADDRESS' or 'adresse:ADDRESS'
    failures integer not null,     -- attempts counted since the last success
    locked_until real not null     -- seconds since the epoch; 0 when free
)
