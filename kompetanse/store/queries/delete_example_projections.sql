-- Writes: removes the example projections before a build inserts them anew (SSB's official rows stay).
-- Parameters: none.
delete from population_projection where is_example
