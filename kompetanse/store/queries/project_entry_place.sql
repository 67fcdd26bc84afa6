-- Grain: one row at most: where a stored project entry belongs (a municipality or a region), and its
-- revision (every edit adds one).
-- Key: kommunenummer, region_id
-- Parameters: $entry_id.
select project_entry.kommunenummer, project_entry.region_id, project_entry.revision
from project_entry
where project_entry.entry_id = $entry_id
