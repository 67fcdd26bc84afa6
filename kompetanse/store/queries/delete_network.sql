-- Writes: removes an own network (never one of SSB's regions).
-- Parameters: $region_id.
delete from region where region_id = $region_id and kind = 'nettverk'
