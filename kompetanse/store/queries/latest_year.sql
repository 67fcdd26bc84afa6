-- Grain: one row: the newest year with any value for an indicator.
-- Key: year
-- Parameters: $indicator_id.
select max(observation.year) as year
from observation
where observation.indicator_id = $indicator_id
