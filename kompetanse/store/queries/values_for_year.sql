-- Grain: one row per municipality (all 357) for one indicator and year, with its name and region
-- (municipalities without a value have a null value).
-- Key: kommunenummer
-- Parameters: $indicator_id, $year.
select
    municipality.kommunenummer,
    municipality.name,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.source,
    observation.is_example
from municipality
left join observation
    on observation.kommunenummer = municipality.kommunenummer
    and observation.indicator_id = $indicator_id
    and observation.year = $year
order by municipality.kommunenummer
