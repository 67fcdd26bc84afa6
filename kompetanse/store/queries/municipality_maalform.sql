-- Grain: one row per municipality valid from 2024 with a stated målform.
-- Key: kommunenummer
-- Parameters: none.
-- maalform is 'Bokmål', 'Nynorsk' or 'Nøytral' (data/registry/kommuner_fakta_aprestmo.csv, uncertain).
select
    municipality.kommunenummer,
    municipality.maalform
from municipality
where municipality.maalform is not null
order by municipality.kommunenummer
