-- Grain: one row per municipality, year, projection alternative and age band (age = the band's first
-- age: 0, 1, 3, 6, 20, 67, 80, 90), for the members of a region or one municipality.
-- Key: kommunenummer, year, alternative, age
-- Parameters: $region_id (null: every municipality), $kommunenummer (null: every municipality).
with chosen as (
    select projection.*
    from population_projection as projection
    where ($kommunenummer is null or projection.kommunenummer = $kommunenummer)
        and (
            $region_id is null
            or projection.kommunenummer in (
                select member.kommunenummer from region_member as member where member.region_id = $region_id
            )
        )
),

banded as (
    select
        chosen.kommunenummer,
        chosen.year,
        chosen.alternative,
        case
            when chosen.age >= 90 then 90
            when chosen.age >= 80 then 80
            when chosen.age >= 67 then 67
            when chosen.age >= 20 then 20
            when chosen.age >= 6 then 6
            when chosen.age >= 3 then 3
            when chosen.age >= 1 then 1
            else 0
        end as age,
        chosen.persons,
        chosen.source,
        chosen.is_example
    from chosen
)

select
    banded.kommunenummer,
    cast(banded.year as integer) as year,
    cast(banded.age as integer) as age,
    banded.alternative,
    -- a band is missing when SSB marks any of its ages missing
    case when count(*) = count(banded.persons) then sum(banded.persons) end as persons,
    min(banded.source) as source,
    bool_or(banded.is_example) as is_example
from banded
group by banded.kommunenummer, banded.year, banded.alternative, banded.age
order by banded.kommunenummer, banded.alternative, banded.year, banded.age
