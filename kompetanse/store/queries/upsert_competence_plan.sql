-- Writes: one competence plan record (replacing an earlier one for the same municipality, year, area
-- and unit), marked as recorded in the app.
-- Parameters: $kommunenummer, $year, $area_id, $unit, $has_plan, $last_revised, $period_start,
-- $period_end, $priorities, $project_ids, $note, $source, $registered_by, $registered_at.
insert or replace into competence_plan (kommunenummer, year, area_id, unit, has_plan, last_revised,
    period_start, period_end, priorities, project_ids, note, source, is_example, origin, registered_by,
    registered_at)
values ($kommunenummer, $year, $area_id, $unit, $has_plan, $last_revised, $period_start, $period_end,
    $priorities, $project_ids, $note, $source, false, 'redigert', $registered_by, $registered_at)
