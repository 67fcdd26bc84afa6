-- Grain: one row per slide of a presentation saved for a region, by name and then slide order.
-- Key: name_key, position
-- Parameters: $region_id.
select
    presentation.name_key,
    presentation.name,
    presentation.saved_by,
    presentation.saved_at,
    presentation_slide.position,
    presentation_slide.view_id,
    presentation_slide.takeaway
from presentation
inner join presentation_slide
    on presentation_slide.region_id = presentation.region_id
    and presentation_slide.name_key = presentation.name_key
where presentation.region_id = $region_id
order by presentation.name_key, presentation_slide.position
