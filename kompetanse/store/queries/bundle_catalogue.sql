-- Grain: one row at most: the digest of the bundled catalogue the database was built with.
-- Key: value
-- Parameters: none.
select meta.value from meta where meta.key = 'bundle_catalogue'
