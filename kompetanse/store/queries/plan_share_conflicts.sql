-- Grain: one row per staged `kompetanseplan_andel` row for a municipality-year whose share is computed
-- from recorded competence plans (rules/plans.py), so an import may not set it.
-- Key: kommunenummer, year
-- Parameters: none; the rows to import are registered as the frame `staged_rows`.
select distinct staged.kommunenummer, municipality.name, staged.year
from staged_rows as staged
inner join competence_plan
    on competence_plan.kommunenummer = staged.kommunenummer
    and competence_plan.year = staged.year
left join municipality on municipality.kommunenummer = staged.kommunenummer
where staged.indicator_id = 'kompetanseplan_andel'
order by staged.kommunenummer, staged.year
