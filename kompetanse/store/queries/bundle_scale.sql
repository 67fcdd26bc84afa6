-- Grain: one row at most: the example data set the database was built with.
-- Key: value
-- Parameters: none.
select meta.value from meta where meta.key = 'bundle_scale'
