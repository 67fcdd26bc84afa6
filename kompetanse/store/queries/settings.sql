-- Grain: one row per setting an admin has changed (the others have their defaults).
-- Key: key
-- Parameters: none.
select setting.key, setting.value from setting order by setting.key
