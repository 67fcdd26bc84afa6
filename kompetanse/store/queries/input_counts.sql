-- Grain: one row per municipality, unit, question and category with the number of inputs,
-- for the municipalities of a region.
-- Key: municipality_name, unit, question, category
-- Parameters: $region_id.
select
    municipality.name as municipality_name,
    meeting_input.unit,
    meeting_input.question,
    coalesce(input_category.name, 'Ikke kategorisert') as category,
    count(*) as n_inputs
from meeting_input
inner join region_member
    on region_member.kommunenummer = meeting_input.kommunenummer
    and region_member.region_id = $region_id
inner join municipality on municipality.kommunenummer = meeting_input.kommunenummer
left join input_category on input_category.category_id = meeting_input.category_id
group by municipality.name, meeting_input.unit, meeting_input.question, input_category.name
order by municipality.name collate nb, meeting_input.unit, category
