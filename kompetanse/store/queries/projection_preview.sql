-- Grain: one row: how many fetched projection rows are new, changed or unchanged, how many official rows
-- of the fetched years the source no longer has, and how many example rows go (all of them).
-- Key: (one row)
-- Parameters: none; the fetched rows are registered as the frame `staged_projection` (kommunenummer,
-- year, age, alternative, persons, source).
with compared as (
    select
        case
            when existing.kommunenummer is null or existing.is_example then 'ny'
            when existing.persons is distinct from staged.persons
                or existing.source is distinct from staged.source
                then 'endret'
            else 'uendret'
        end as change
    from staged_projection as staged
    left join population_projection as existing
        on existing.kommunenummer = staged.kommunenummer
        and existing.year = staged.year
        and existing.age = staged.age
        and existing.alternative = staged.alternative
)

select
    (select min(year) from staged_projection) as first_year,
    (select max(year) from staged_projection) as last_year,
    (select count(distinct kommunenummer) from staged_projection) as municipalities,
    count(*) filter (where compared.change = 'ny') as rows_new,
    count(*) filter (where compared.change = 'endret') as rows_changed,
    count(*) filter (where compared.change = 'uendret') as rows_unchanged,
    (
        select count(*)
        from population_projection as existing
        where not existing.is_example
            and existing.year in (select staged.year from staged_projection as staged)
            and not exists (
                select 1 from staged_projection as staged
                where staged.kommunenummer = existing.kommunenummer
                    and staged.year = existing.year
                    and staged.age = existing.age
                    and staged.alternative = existing.alternative
            )
    ) as rows_removed,
    (select count(*) from population_projection where is_example) as example_removed
from compared
