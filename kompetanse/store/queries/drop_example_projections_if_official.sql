-- Writes: removes example projections when SSB's official ones are there (a rebuild must not mix them).
-- Parameters: none.
delete from population_projection
where is_example
    and exists (select 1 from population_projection as official where not official.is_example)
