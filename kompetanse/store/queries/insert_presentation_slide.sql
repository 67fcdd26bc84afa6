-- Writes: one slide of a saved presentation.
-- Parameters: $region_id, $name_key, $position, $view_id, $takeaway.
insert into presentation_slide (region_id, name_key, position, view_id, takeaway)
values ($region_id, $name_key, $position, $view_id, $takeaway)
