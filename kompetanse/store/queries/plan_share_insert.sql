-- Writes: `kompetanseplan_andel` computed from the recorded competence plans (rules/plans.py).
-- Parameters: none; the rows are registered as the frame `plan_shares`.
insert or replace into observation (kommunenummer, year, indicator_id, value, numerator, denominator, source,
                                    is_example, origin, import_id, status)
select plan_shares.kommunenummer, plan_shares.year, plan_shares.indicator_id, plan_shares.value,
       plan_shares.numerator, plan_shares.denominator, plan_shares.source, plan_shares.is_example,
       plan_shares.origin, null, null
from plan_shares
