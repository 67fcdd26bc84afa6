-- Grain: one row per published total and member municipality: every SSB region and own network,
-- the country ('landet') and the country without Oslo ('landet_uten_oslo'). The protection treats
-- all of them as published for every indicator, since an outsider may combine linked indicators
-- compared with either national total.
-- Key: group_id, kommunenummer
-- Parameters: none.
with region_totals as (
    select region_member.region_id as group_id, region_member.kommunenummer
    from region_member
),

national_totals as (
    select 'landet' as group_id, municipality.kommunenummer
    from municipality
    union all
    select 'landet_uten_oslo' as group_id, municipality.kommunenummer
    from municipality
    where municipality.kommunenummer <> '0301'
)

select region_totals.group_id, region_totals.kommunenummer
from region_totals
union all
select national_totals.group_id, national_totals.kommunenummer
from national_totals
order by group_id, kommunenummer
