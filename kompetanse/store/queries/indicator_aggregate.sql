-- Grain: one row per group, indicator and year: the indicator's value for a region (`group_id` is
-- its region_id), for the whole country when $region_id is null ('landet', or 'landet_uten_oslo'
-- without 0301 when $exclude_oslo), or for every SSB economic region when $economic_regions;
-- every indicator when $indicator_id is null. The one place the aggregation rule lives:
--   counts ('sum')     -> the sum, only when every member municipality has a value;
--   ratios ('forhold') -> sum(numerator) / sum(denominator) * scale over the municipalities that
--                         report, never a mean of percentages; missing when a reporting
--                         municipality lacks numerator or denominator.
-- Key: group_id, indicator_id, year
-- Parameters: $region_id (nullable), $indicator_id (nullable), $exclude_oslo, $economic_regions.
with members as (
    select
        case when $exclude_oslo::boolean then 'landet_uten_oslo' else 'landet' end as group_id,
        municipality.kommunenummer
    from municipality
    where $region_id::varchar is null
        and not $economic_regions::boolean
        and not ($exclude_oslo::boolean and municipality.kommunenummer = '0301')
    union all
    select
        region_member.region_id as group_id,
        region_member.kommunenummer
    from region_member
    inner join region on region.region_id = region_member.region_id
    where region_member.region_id = $region_id
        or ($economic_regions::boolean and region.kind = 'okonomisk_region')
),

member_count as (
    select members.group_id, count(*) as n_members
    from members
    group by members.group_id
),

reported as (
    select
        members.group_id,
        observation.indicator_id,
        observation.year,
        count(*) as n_reporting,
        count(*) filter (where observation.numerator is null or observation.denominator is null)
            as n_without_fraction,
        sum(observation.value) as value_sum,
        sum(observation.numerator) as numerator_sum,
        sum(observation.denominator) as denominator_sum,
        bool_or(observation.is_example) as has_example,
        string_agg(distinct observation.source, '; ' order by observation.source) as sources
    from observation
    inner join members on members.kommunenummer = observation.kommunenummer
    where ($indicator_id::varchar is null or observation.indicator_id = $indicator_id)
        and observation.value is not null  -- a publisher's symbol (':', '..') is not a reported figure
    group by members.group_id, observation.indicator_id, observation.year
)

select
    reported.group_id,
    reported.indicator_id,
    reported.year,
    case
        when indicator.aggregation = 'sum' and reported.n_reporting = member_count.n_members
            then reported.value_sum
        when indicator.aggregation = 'forhold'
            and reported.n_without_fraction = 0
            and reported.denominator_sum > 0
            then reported.numerator_sum / reported.denominator_sum * indicator.scale
    end as value,
    reported.numerator_sum as numerator,
    reported.denominator_sum as denominator,
    reported.n_reporting,
    reported.n_reporting - reported.n_without_fraction as n_with_fraction,
    member_count.n_members,
    reported.has_example,
    reported.sources
from reported
inner join member_count on member_count.group_id = reported.group_id
inner join indicator on indicator.indicator_id = reported.indicator_id
order by reported.group_id, reported.indicator_id, reported.year
