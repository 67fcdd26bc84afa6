-- Writes: one line in the log of every write, in the same transaction as the write itself.
-- Parameters: $at, $username, $action, $detail.
insert into audit_log (logged_at, username, action, detail) values ($at, $username, $action, $detail)
