-- Grain: one row per municipality (the whole country) and year with a value for one indicator:
-- what the privacy rules look at before any view is built (a publisher's symbol without a figure is left out).
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
    and not (observation.value is null and observation.numerator is null and observation.denominator is null)
order by observation.year, observation.kommunenummer
