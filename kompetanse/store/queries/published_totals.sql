-- Grain: one row per published total and member municipality: every region and own network, and
-- the national total an indicator is compared with ('landet', or 'landet_uten_oslo' without 0301
-- when $exclude_oslo). Secondary suppression protects every one of these totals. `partitioned` is
-- true for the totals that divide the country between them (SSB's economic regions) and the
-- national total; own networks may overlap anything.
-- Key: group_id, kommunenummer
-- Parameters: $exclude_oslo.
with region_totals as (
    select
        region_member.region_id as group_id,
        region_member.kommunenummer,
        region.kind = 'okonomisk_region' as partitioned
    from region_member
    inner join region on region.region_id = region_member.region_id
),

national_total as (
    select
        case when $exclude_oslo::boolean then 'landet_uten_oslo' else 'landet' end as group_id,
        municipality.kommunenummer,
        true as partitioned
    from municipality
    where not ($exclude_oslo::boolean and municipality.kommunenummer = '0301')
)

select region_totals.group_id, region_totals.kommunenummer, region_totals.partitioned
from region_totals
union all
select national_total.group_id, national_total.kommunenummer, national_total.partitioned
from national_total
order by group_id, kommunenummer
