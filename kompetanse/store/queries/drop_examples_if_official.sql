-- Writes: removes example rows of every indicator that has official figures from an update, so a
-- rebuild of the bundled data never puts example rows back beside them.
-- Parameters: none.
delete from observation
where observation.is_example
    and observation.indicator_id in (select official_series.series_id from official_series)
