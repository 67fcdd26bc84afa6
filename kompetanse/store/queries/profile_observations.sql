-- Grain: one row per municipality, indicator and year with an observation, for every indicator in
-- the Kommuneprofil (not the programme counts): what its table per data version is computed from.
-- Key: kommunenummer, indicator_id, year
-- Parameters: $indicator_ids (a list of indicator ids: those a country-wide table is made of).
select
    observation.kommunenummer,
    observation.indicator_id,
    observation.year,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.is_example,
    observation.status,
    observation.source
from observation
inner join municipality on municipality.kommunenummer = observation.kommunenummer
inner join indicator on indicator.indicator_id = observation.indicator_id
where coalesce(indicator.programme, '') = ''
    and list_contains($indicator_ids, observation.indicator_id)
order by observation.indicator_id, observation.kommunenummer, observation.year
