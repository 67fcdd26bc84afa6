-- Grain: one row per municipality, year and indicator with a figure, in the given years: what the
-- protection of small numbers works out what to hide from (example figures are never hidden, but
-- decide whether a count's total is published; a publisher's symbol without a figure is left out).
-- Key: kommunenummer, year, indicator_id
-- Parameters: $years (a list of years).
select
    observation.kommunenummer,
    observation.year,
    observation.indicator_id,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.is_example
from observation
where list_contains($years::integer[], observation.year)
    and not (observation.value is null and observation.numerator is null and observation.denominator is null)
order by observation.year, observation.indicator_id, observation.kommunenummer
