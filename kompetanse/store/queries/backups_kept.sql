-- Grain: one row at most: the setting for how many backups are kept.
-- Key: value
-- Parameters: none.
select setting.value from setting where setting.key = 'backups_kept'
