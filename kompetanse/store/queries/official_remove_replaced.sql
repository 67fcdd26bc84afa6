-- Writes: removes the rows a fetched official row replaces because it differs (earlier official figures,
-- the bundled population); a figure a user imported is never replaced.
-- Parameters: none; the fetched rows are registered as the frame `staged_rows`.
delete from observation
where observation.origin <> 'import'
    and exists (
        select 1
        from staged_rows as staged
        where staged.kommunenummer = observation.kommunenummer
            and staged.year = observation.year
            and staged.indicator_id = observation.indicator_id
            and (
                observation.value is distinct from staged.value
                or observation.numerator is distinct from staged.numerator
                or observation.denominator is distinct from staged.denominator
                or observation.source is distinct from staged.source
                or observation.status is distinct from staged.status
            )
    )
