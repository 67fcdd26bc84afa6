-- Grain: one row per year and indicator: a fingerprint of every figure the protection of small
-- numbers looks at (example figures too: they decide whether a count's total is published), so a
-- write can tell which years changed.
-- Key: year, indicator_id
-- Parameters: none.
select
    observation.year,
    observation.indicator_id,
    count(*) as n_rows,
    bit_xor(
        hash(
            observation.kommunenummer,
            observation.value,
            observation.numerator,
            observation.denominator,
            observation.is_example
        )
    )::varchar as fingerprint
from observation
group by observation.year, observation.indicator_id
order by observation.year, observation.indicator_id
