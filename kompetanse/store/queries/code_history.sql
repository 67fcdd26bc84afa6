-- Grain: one row per kommunenummer ever used since 1994, with today's municipality (if one).
-- Key: code
-- Parameters: none.
with successor_names as (
    select
        history.code,
        list(successor.kommunenummer || ' ' || successor.name order by successor.kommunenummer)
            as successor_names
    from code_history as history
    cross join unnest(history.successors) as listed(successor_code)
    inner join municipality as successor on successor.kommunenummer = listed.successor_code
    group by history.code
)

select
    history.code,
    history.name,
    history.status,
    history.current_code,
    history.successors,
    history.note,
    current_municipality.name as current_name,
    coalesce(successor_names.successor_names, []) as successor_names
from code_history as history
left join municipality as current_municipality
    on current_municipality.kommunenummer = history.current_code
left join successor_names on successor_names.code = history.code
order by history.code
