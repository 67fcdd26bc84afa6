-- Grain: one row per chosen municipality and year with a value (or the publisher's symbol) for one
-- indicator (Sammenlign's trends).
-- Key: kommunenummer, year
-- Parameters: $kommuner (a list of kommunenummer), $indicator_id.
select
    municipality.kommunenummer,
    municipality.name,
    observation.year,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.source,
    observation.is_example,
    observation.status
from observation
inner join municipality on municipality.kommunenummer = observation.kommunenummer
where observation.indicator_id = $indicator_id
    and list_contains($kommuner, observation.kommunenummer)
order by observation.year, municipality.name collate nb
