-- Writes (SQLite, the login throttle's own file): the attempts counted for one key, and until when it waits.
-- Parameters: $key, $failures, $until.
insert or replace into login_attempt (key, failures, locked_until) values (:key, :failures, :until)
