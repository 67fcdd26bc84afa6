-- Grain: one row per observation (municipality, year, indicator), in canonical export order.
-- Key: kommunenummer, year, indicator_id
-- Parameters: none.
select
    kommunenummer,
    year,
    indicator_id,
    value,
    numerator,
    denominator,
    source
from observation
order by kommunenummer, year, indicator_id
