-- Writes: removes one competence plan record.
-- Parameters: $kommunenummer, $year, $area_id, $unit.
delete from competence_plan
where kommunenummer = $kommunenummer and year = $year and area_id = $area_id and unit = $unit
