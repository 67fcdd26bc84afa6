-- Grain: one row per family of linked indicators and year whose protection is stored, with the
-- fingerprint of what it was worked out from.
-- Key: family, year
-- Parameters: none.
select protection_state.family, protection_state.year, protection_state.inputs
from protection_state
order by protection_state.family, protection_state.year
