-- Grain: one row per target set for a region or network.
-- Key: indicator_id
-- Parameters: $region_id.
select
    target.indicator_id,
    indicator.name as indicator_name,
    target.target_value,
    target.target_year,
    target.note,
    target.set_by,
    target.set_at
from target
inner join indicator on indicator.indicator_id = target.indicator_id
where target.region_id = $region_id
order by indicator.sort_order
