-- Writes: SSB's projections replace every example projection and the official rows of the fetched years.
-- Parameters: none; the fetched rows are registered as the frame `staged_projection`.
delete from population_projection
where is_example or year in (select distinct staged.year from staged_projection as staged);
insert into population_projection (kommunenummer, year, age, alternative, persons, source, is_example)
select staged.kommunenummer, staged.year, staged.age, staged.alternative, staged.persons, staged.source, false
from staged_projection as staged;
