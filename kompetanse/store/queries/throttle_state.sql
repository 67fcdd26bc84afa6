-- Grain (SQLite, the login throttle's own file): one row at most: the attempts counted for one key.
-- Key: key
-- Parameters: $key.
select login_attempt.failures, login_attempt.locked_until from login_attempt where login_attempt.key = :key
