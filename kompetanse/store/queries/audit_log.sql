-- Grain: one row per write to the database (import, undo, entry, target, user, setting, ...), newest first.
-- Key: audit_id
-- Parameters: $limit (nullable: every row).
select
    audit_log.audit_id,
    audit_log.logged_at,
    audit_log.username,
    audit_log.action,
    audit_log.detail
from audit_log
order by audit_log.audit_id desc
limit coalesce($limit::integer, 1000000)
