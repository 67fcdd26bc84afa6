-- Grain: one row per projection year there is, with whether it is example data and its source.
-- Key: year
-- Parameters: none.
select
    cast(projection.year as integer) as year,
    bool_or(projection.is_example) as is_example,
    min(projection.source) as source,
    count(distinct projection.kommunenummer) as municipalities
from population_projection as projection
group by projection.year
order by projection.year
