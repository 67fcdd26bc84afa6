-- Writes: removes the members of a region or network (before a network is saved anew or deleted).
-- Parameters: $region_id.
delete from region_member where region_id = $region_id
