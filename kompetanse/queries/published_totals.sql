-- Grain: one row per published total and member municipality: every region and own network, and
-- the national total an indicator is compared with ('landet', or 'landet_uten_oslo' without 0301
-- when $exclude_oslo). Secondary suppression protects every one of these totals.
-- Parameters: $exclude_oslo.
with region_totals as (
    select
        region_member.region_id as group_id,
        region_member.kommunenummer
    from region_member
),

national_total as (
    select
        case when $exclude_oslo::boolean then 'landet_uten_oslo' else 'landet' end as group_id,
        municipality.kommunenummer
    from municipality
    where not ($exclude_oslo::boolean and municipality.kommunenummer = '0301')
)

select region_totals.group_id, region_totals.kommunenummer
from region_totals
union all
select national_total.group_id, national_total.kommunenummer
from national_total
order by group_id, kommunenummer
