-- Grain: one row per indicator: which years have figures, how many, how many are example data,
-- and when figures for it were last imported.
-- Key: indicator_id
-- Parameters: none.
select
    indicator.indicator_id,
    min(observation.year) as first_year,
    max(observation.year) as last_year,
    count(observation.value) as n_values,
    count(*) filter (where observation.is_example) as n_example,
    max(import_log.imported_at) as last_import
from indicator
left join observation on observation.indicator_id = indicator.indicator_id
left join import_log on import_log.import_id = observation.import_id and import_log.undone_at is null
group by indicator.indicator_id
