-- Grain: one row per indicator in the catalogue, with its theme, in display order.
-- Key: indicator_id
-- Parameters: none.
select
    indicator.indicator_id,
    indicator.name,
    indicator.theme_id,
    theme.name as theme_name,
    indicator.unit,
    indicator.higher_is_better,
    indicator.aggregation,
    indicator.scale,
    indicator.numerator_label,
    indicator.denominator_label,
    indicator.definition,
    indicator.source,
    indicator.is_headline,
    indicator.sort_order,
    indicator.suppression,
    indicator.reference_area,
    indicator.programme,
    indicator.recommendation,
    indicator.recommendation_label
from indicator
inner join theme on theme.theme_id = indicator.theme_id
order by theme.sort_order, indicator.sort_order
