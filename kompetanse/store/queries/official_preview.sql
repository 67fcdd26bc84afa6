-- Grain: one row per indicator an update brings official figures for: how many of the fetched rows are
-- new, changed or unchanged, how many are kept because a user imported their own figure there, how
-- many official rows of the fetched years the source no longer has, and how many example rows go
-- (every example row of the indicator: official and example figures never mix).
-- Key: indicator_id
-- Parameters: none; the fetched rows are registered as the frame `staged_rows` (kommunenummer, year,
-- indicator_id, value, numerator, denominator, source, status).
with scope as (
    select distinct staged.indicator_id, staged.year
    from staged_rows as staged
),

compared as (
    select
        staged.indicator_id,
        case
            when existing.kommunenummer is null or existing.is_example then 'ny'
            when existing.origin = 'import' then 'beholdt'
            when existing.value is distinct from staged.value
                or existing.numerator is distinct from staged.numerator
                or existing.denominator is distinct from staged.denominator
                or existing.source is distinct from staged.source
                or existing.status is distinct from staged.status
                then 'endret'
            else 'uendret'
        end as change
    from staged_rows as staged
    left join observation as existing
        on existing.kommunenummer = staged.kommunenummer
        and existing.year = staged.year
        and existing.indicator_id = staged.indicator_id
),

counted as (
    select
        compared.indicator_id,
        count(*) filter (where compared.change = 'ny') as rows_new,
        count(*) filter (where compared.change = 'endret') as rows_changed,
        count(*) filter (where compared.change = 'uendret') as rows_unchanged,
        count(*) filter (where compared.change = 'beholdt') as rows_kept
    from compared
    group by compared.indicator_id
),

removed as (
    select existing.indicator_id, count(*) as rows_removed
    from observation as existing
    inner join scope on scope.indicator_id = existing.indicator_id and scope.year = existing.year
    where existing.origin = 'offisiell'
        and not exists (
            select 1
            from staged_rows as staged
            where staged.kommunenummer = existing.kommunenummer
                and staged.year = existing.year
                and staged.indicator_id = existing.indicator_id
        )
    group by existing.indicator_id
),

examples as (
    select existing.indicator_id, count(*) as example_removed
    from observation as existing
    where existing.is_example
        and existing.indicator_id in (select scope.indicator_id from scope)
    group by existing.indicator_id
),

extent as (
    select
        staged.indicator_id,
        min(staged.year) as first_year,
        max(staged.year) as last_year,
        count(distinct staged.kommunenummer) as municipalities
    from staged_rows as staged
    group by staged.indicator_id
)

select
    extent.indicator_id,
    extent.first_year,
    extent.last_year,
    extent.municipalities,
    counted.rows_new,
    counted.rows_changed,
    counted.rows_unchanged,
    counted.rows_kept,
    coalesce(removed.rows_removed, 0) as rows_removed,
    coalesce(examples.example_removed, 0) as example_removed
from extent
inner join counted on counted.indicator_id = extent.indicator_id
left join removed on removed.indicator_id = extent.indicator_id
left join examples on examples.indicator_id = extent.indicator_id
order by extent.indicator_id
