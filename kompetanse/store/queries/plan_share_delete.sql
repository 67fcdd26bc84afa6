-- Writes: removes `kompetanseplan_andel` for the municipality-years whose share is worked out anew from
-- their competence plans (rules/plans.py), whatever it held before (example data or an import).
-- Parameters: none; the municipality-years are registered as the frame `plan_share_keys`.
delete from observation
where observation.indicator_id = 'kompetanseplan_andel'
    and exists (
        select 1
        from plan_share_keys
        where plan_share_keys.kommunenummer = observation.kommunenummer
            and plan_share_keys.year = observation.year
    )
