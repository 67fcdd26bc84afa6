-- Grain: one row per hidden published total (region, network, the country) of an indicator and year,
-- with the detailed reason (for admins only).
-- Key: indicator_id, group_id, year
-- Parameters: none.
select hidden_total.indicator_id, hidden_total.group_id, hidden_total.year, hidden_total.detail
from hidden_total
order by hidden_total.indicator_id, hidden_total.year, hidden_total.group_id
