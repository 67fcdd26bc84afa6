-- Grain: one row per indicator and year with the publisher's own total for one group ('landet',
-- 'landet_uten_oslo', 'kostragruppe-EKG02'): SSB's or Udir's figure as published, never recomputed.
-- Key: indicator_id, year
-- Parameters: $group_id.
select
    reference_value.indicator_id,
    reference_value.year,
    reference_value.value,
    reference_value.numerator,
    reference_value.denominator,
    reference_value.status,
    reference_value.source
from reference_value
where reference_value.group_id = $group_id
order by reference_value.indicator_id, reference_value.year
