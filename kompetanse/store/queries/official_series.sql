-- Grain: one row per indicator (or the projections, or the KOSTRA groups) with official figures from an
-- update: the table, its own update time and when it was fetched.
-- Key: series_id
-- Parameters: none.
select
    official_series.series_id,
    official_series.source,
    official_series.table_id,
    official_series.updated,
    official_series.fetched_at,
    official_series.update_id,
    official_series.first_year,
    official_series.last_year,
    official_series.municipalities
from official_series
order by official_series.series_id
