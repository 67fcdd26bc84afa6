-- Grain: one row per observation with a figure (municipality, year, indicator), in canonical export order.
-- A publisher's symbol without a figure (SSB's ':' or '..') has no place in the canonical format and is
-- left out, so export -> import -> export stays the identity.
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
where value is not null
order by kommunenummer, year, indicator_id
