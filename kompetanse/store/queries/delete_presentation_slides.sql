-- Writes: removes the slides of one saved presentation (before it is saved again or deleted).
-- Parameters: $region_id, $name_key.
delete from presentation_slide where region_id = $region_id and name_key = $name_key
