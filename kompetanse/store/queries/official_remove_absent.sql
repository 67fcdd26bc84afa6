-- Writes: removes official rows of the fetched indicators and years that the source no longer has
-- (such a municipality then shows `..`).
-- Parameters: none; the fetched rows are registered as the frame `staged_rows`.
delete from observation
where observation.origin = 'offisiell'
    and exists (
        select 1
        from staged_rows as staged
        where staged.indicator_id = observation.indicator_id and staged.year = observation.year
    )
    and not exists (
        select 1
        from staged_rows as staged
        where staged.kommunenummer = observation.kommunenummer
            and staged.year = observation.year
            and staged.indicator_id = observation.indicator_id
    )
