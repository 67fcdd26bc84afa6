-- Writes: removes a region's target for one indicator.
-- Parameters: $region_id, $indicator_id.
delete from target
where target.region_id = $region_id
    and target.indicator_id = $indicator_id
