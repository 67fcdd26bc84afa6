-- Grain: one row: the number of the newest write (every write adds one line to the audit log in its
-- own transaction), which names the version of the data a preview was made on.
-- Key: (one row)
-- Parameters: none.
select coalesce(max(audit_log.audit_id), 0) as latest_write from audit_log
