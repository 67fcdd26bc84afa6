-- Grain: one row per input from a theme meeting in the municipalities of a region, newest first.
-- Key: input_id
-- Parameters: $region_id.
select
    meeting_input.input_id,
    municipality.name as municipality_name,
    meeting_input.unit,
    meeting_input.meeting_date,
    meeting_input.question,
    meeting_input.text,
    coalesce(input_category.name, 'Ikke kategorisert') as category
from meeting_input
inner join region_member
    on region_member.kommunenummer = meeting_input.kommunenummer
    and region_member.region_id = $region_id
inner join municipality on municipality.kommunenummer = meeting_input.kommunenummer
left join input_category on input_category.category_id = meeting_input.category_id
order by meeting_input.meeting_date desc, meeting_input.input_id desc
