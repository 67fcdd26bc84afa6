-- Writes: removes one saved presentation (its slides are removed first by delete_presentation_slides).
-- Parameters: $region_id, $name_key.
delete from presentation where region_id = $region_id and name_key = $name_key
