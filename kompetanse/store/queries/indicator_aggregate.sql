-- Grain: one row per indicator and year: the indicator's value for a region, or for the whole
-- country when $region_id is null ("landet uten Oslo" when $exclude_oslo); every indicator when
-- $indicator_id is null. The one place the aggregation rule lives:
--   counts ('sum')     -> the sum, only when every member municipality has a value;
--   ratios ('forhold') -> sum(numerator) / sum(denominator) * scale over the municipalities that
--                         report, never a mean of percentages; missing when a reporting
--                         municipality lacks numerator or denominator.
-- Parameters: $region_id (nullable), $indicator_id (nullable), $exclude_oslo.
with members as (
    select municipality.kommunenummer
    from municipality
    where (
        $region_id::varchar is null
        and not ($exclude_oslo::boolean and municipality.kommunenummer = '0301')
    )
    or municipality.kommunenummer in (
        select region_member.kommunenummer
        from region_member
        where region_member.region_id = $region_id
    )
),

member_count as (
    select count(*) as n_members from members
),

reported as (
    select
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
    where $indicator_id::varchar is null or observation.indicator_id = $indicator_id
    group by observation.indicator_id, observation.year
)

select
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
cross join member_count
inner join indicator on indicator.indicator_id = reported.indicator_id
order by reported.indicator_id, reported.year
