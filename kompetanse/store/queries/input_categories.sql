-- Grain: one row per category for theme-meeting inputs.
-- Key: category_id
-- Parameters: none.
select category_id, name, origin from input_category order by name collate nb
