-- Grain: one row per indicator with publisher's totals in an update: how many are new or changed, and
-- how many of the fetched years' totals the publisher no longer has.
-- Key: indicator_id
-- Parameters: none; the fetched totals are registered as the frame `staged_references` (group_id, year,
-- indicator_id, value, numerator, denominator, source, status).
with compared as (
    select
        staged.indicator_id,
        case
            when existing.group_id is null then 'ny'
            when existing.value is distinct from staged.value
                or existing.numerator is distinct from staged.numerator
                or existing.denominator is distinct from staged.denominator
                or existing.source is distinct from staged.source
                or existing.status is distinct from staged.status
                then 'endret'
            else 'uendret'
        end as change
    from staged_references as staged
    left join reference_value as existing
        on existing.group_id = staged.group_id
        and existing.year = staged.year
        and existing.indicator_id = staged.indicator_id
),

removed as (
    select existing.indicator_id, count(*) as references_removed
    from reference_value as existing
    where exists (
        select 1 from staged_references as staged
        where staged.indicator_id = existing.indicator_id and staged.year = existing.year
    )
        and not exists (
            select 1 from staged_references as staged
            where staged.group_id = existing.group_id
                and staged.year = existing.year
                and staged.indicator_id = existing.indicator_id
        )
    group by existing.indicator_id
)

select
    compared.indicator_id,
    count(*) filter (where compared.change in ('ny', 'endret')) as references_changed,
    coalesce(any_value(removed.references_removed), 0) as references_removed
from compared
left join removed on removed.indicator_id = compared.indicator_id
group by compared.indicator_id
order by compared.indicator_id
