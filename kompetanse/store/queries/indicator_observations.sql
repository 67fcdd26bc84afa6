-- Grain: one row per municipality (the whole country) and year with a value for one indicator:
-- what the privacy rules look at before any view is built.
-- Key: kommunenummer, year
-- Parameters: $indicator_id.
select
    observation.kommunenummer,
    observation.year,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.is_example
from observation
where observation.indicator_id = $indicator_id
order by observation.year, observation.kommunenummer
