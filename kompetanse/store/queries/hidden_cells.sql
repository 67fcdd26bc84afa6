-- Grain: one row per hidden municipality-year of an indicator, with the detailed reason (for the
-- municipality's editors and admins only).
-- Key: indicator_id, kommunenummer, year
-- Parameters: none.
select hidden_cell.indicator_id, hidden_cell.kommunenummer, hidden_cell.year, hidden_cell.detail
from hidden_cell
order by hidden_cell.indicator_id, hidden_cell.year, hidden_cell.kommunenummer
