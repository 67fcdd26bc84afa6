-- Grain: one row per new or changed staged value that differs by more than $max_change (a fraction:
--        0.5 = 50 %) from the same municipality's value the year before (in the file, else in the
--        database), largest change first.
-- Key: kommunenummer, year, indicator_id
-- Parameters: $max_change; the rows to import are registered as the frame `staged_rows`.
with changed as (
    select
        staged.kommunenummer,
        staged.year,
        staged.indicator_id,
        staged.value
    from staged_rows as staged
    left join observation as existing
        on existing.kommunenummer = staged.kommunenummer
        and existing.indicator_id = staged.indicator_id
        and existing.year = staged.year
    where staged.value is not null
        and existing.value is distinct from staged.value
),

with_previous as (
    select
        changed.*,
        coalesce(in_file.value, before.value) as previous_value
    from changed
    left join staged_rows as in_file
        on in_file.kommunenummer = changed.kommunenummer
        and in_file.indicator_id = changed.indicator_id
        and in_file.year = changed.year - 1
    left join observation as before
        on before.kommunenummer = changed.kommunenummer
        and before.indicator_id = changed.indicator_id
        and before.year = changed.year - 1
)

select
    with_previous.kommunenummer,
    municipality.name,
    with_previous.year,
    with_previous.indicator_id,
    indicator.name as indicator_name,
    indicator.unit,
    with_previous.previous_value,
    with_previous.value,
    (with_previous.value - with_previous.previous_value) / with_previous.previous_value * 100
        as change_percent
from with_previous
inner join indicator on indicator.indicator_id = with_previous.indicator_id
left join municipality on municipality.kommunenummer = with_previous.kommunenummer
where with_previous.previous_value > 0
    and abs(with_previous.value - with_previous.previous_value) > $max_change * with_previous.previous_value
order by
    abs(with_previous.value - with_previous.previous_value) / with_previous.previous_value desc,
    with_previous.kommunenummer,
    with_previous.year,
    with_previous.indicator_id
