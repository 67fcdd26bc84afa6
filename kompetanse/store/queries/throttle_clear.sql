-- Writes (SQLite, the login throttle's own file): forgets the attempts of one key after a success.
-- Parameters: $key.
delete from login_attempt where login_attempt.key = :key
